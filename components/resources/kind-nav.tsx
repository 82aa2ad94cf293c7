import Link from "next/link";
import { cn } from "@/lib/cn";
import { CATEGORY_TITLES, KIND_CATEGORIES, pluralTitle, type KindLink } from "@/lib/resources/list-view";

type Props = {
  clusterId: string;
  kinds: readonly KindLink[];
  current?: string;
  /** "columns": categories flow side by side (the cluster page); "list": one column (a sidebar). */
  layout?: "list" | "columns";
};

/** The kinds a cluster serves, by category; each links to its live list. */
export function KindNav({ clusterId, kinds, current, layout = "list" }: Props) {
  return (
    <nav
      aria-label="Kinds"
      data-testid="kind-nav"
      className={cn(
        "text-sm",
        layout === "columns" ? "columns-2 gap-6 sm:columns-3 lg:columns-4" : "flex flex-col gap-4",
      )}
    >
      {KIND_CATEGORIES.map((category) => {
        const inCategory = kinds.filter((kind) => kind.category === category);
        if (inCategory.length === 0) return null;
        return (
          <div key={category} className={cn(layout === "columns" && "mb-4 break-inside-avoid")}>
            <h2 className="mb-1 px-2 text-xs font-medium tracking-wide text-text-muted uppercase">
              {CATEGORY_TITLES[category]}
            </h2>
            <ul>
              {inCategory.map((kind) => (
                <li key={kind.name}>
                  <Link
                    href={`/clusters/${clusterId}/${kind.name}`}
                    aria-current={kind.name === current ? "page" : undefined}
                    title={kind.name}
                    data-testid={`kind-link-${kind.name}`}
                    className={cn(
                      "block truncate rounded-md px-2 py-1 text-text-muted hover:bg-surface-sunken hover:text-text",
                      kind.name === current && "bg-accent/10 font-medium text-text",
                    )}
                  >
                    {pluralTitle(kind.kind)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
