import Link from "next/link";
import { buttonClassName } from "@/components/ui";

export type AuditFilterValues = { actor: string; action: string; cluster: string; from: string; to: string };

/**
 * A plain GET form: filters live in the URL, so a filtered view can be bookmarked, shared and
 * reloaded, and the page stays a server component.
 */
export function AuditFilters({ values, action = "/audit" }: { values: AuditFilterValues; action?: string }) {
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter the audit log"
      data-testid="audit-filters"
      className="grid grid-cols-1 gap-3 rounded-lg border border-border bg-surface-raised p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
    >
      <Field name="actor" label="Actor" placeholder="email or user id" defaultValue={values.actor} />
      <Field name="action" label="Action" placeholder="token.create or member." defaultValue={values.action} />
      <Field name="cluster" label="Cluster id" placeholder="any cluster" defaultValue={values.cluster} />
      <Field name="from" label="From (UTC)" type="datetime-local" defaultValue={values.from} />
      <Field name="to" label="To (UTC)" type="datetime-local" defaultValue={values.to} />
      <div className="flex items-end gap-2">
        <button type="submit" data-testid="audit-filter-apply" className={buttonClassName()}>
          Apply
        </button>
        <Link href={action} data-testid="audit-filter-clear" className={buttonClassName({ variant: "ghost" })}>
          Clear
        </Link>
      </div>
    </form>
  );
}

function Field({
  name,
  label,
  type = "text",
  placeholder,
  defaultValue,
}: {
  name: string;
  label: string;
  type?: string;
  placeholder?: string;
  defaultValue: string;
}) {
  const id = `audit-filter-${name}`;
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-text">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        placeholder={placeholder}
        defaultValue={defaultValue}
        data-testid={id}
        autoComplete="off"
        spellCheck={false}
        maxLength={254}
        className="h-9 w-full min-w-0 rounded-md border border-border-strong bg-surface-raised px-3 text-sm text-text placeholder:text-text-muted/80 hover:border-text-muted"
      />
    </div>
  );
}
