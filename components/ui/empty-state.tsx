import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export type EmptyStateProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Decorative illustration; defaults to a neutral "nothing here" mark. */
  icon?: ReactNode;
  /** Primary action(s), e.g. a Button; put an explanation next to a disabled one. */
  action?: ReactNode;
  /** Heading level so the empty state fits the page outline (page h1 above it => h2). */
  headingLevel?: 2 | 3;
  className?: string;
  "data-testid"?: string;
};

export function EmptyState({
  title,
  description,
  icon,
  action,
  headingLevel = 2,
  className,
  "data-testid": testId = "empty-state",
}: EmptyStateProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section
      data-testid={testId}
      className={cn(
        "flex flex-col items-center rounded-xl border border-dashed border-border-strong bg-surface-raised/60",
        "px-6 py-12 text-center sm:px-10 sm:py-16",
        className,
      )}
    >
      <div
        aria-hidden="true"
        className="mb-4 flex size-12 items-center justify-center rounded-full bg-accent/10 text-accent"
      >
        {icon ?? <DefaultIcon />}
      </div>
      <Heading className="max-w-md text-base font-semibold text-balance text-text sm:text-lg">{title}</Heading>
      {description ? <div className="mt-2 max-w-md text-sm text-pretty text-text-muted">{description}</div> : null}
      {action ? <div className="mt-6 flex flex-col items-center gap-2">{action}</div> : null}
    </section>
  );
}

function DefaultIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-6"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M3 7.5 12 3l9 4.5v9L12 21l-9-4.5z" />
      <path d="M3 7.5 12 12l9-4.5M12 12v9" />
    </svg>
  );
}
