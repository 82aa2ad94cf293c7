import { cn } from "@/lib/cn";

/**
 * Placeholder until clusters can be added: the control is present (so the layout and tests are
 * stable) but disabled, and says why.
 */
export function ClusterSwitcher({ className }: { className?: string }) {
  return (
    <div className={cn("relative min-w-0", className)}>
      <label htmlFor="cluster-switcher" className="sr-only">
        Cluster
      </label>
      <select
        id="cluster-switcher"
        data-testid="cluster-switcher"
        disabled
        defaultValue=""
        title="Add a cluster to switch between clusters"
        className={cn(
          "h-9 w-full min-w-0 appearance-none truncate rounded-md border border-border-strong bg-surface-raised",
          "pr-8 pl-3 text-sm text-text-muted disabled:cursor-not-allowed",
        )}
      >
        <option value="">No clusters yet</option>
      </select>
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        fill="none"
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-text-muted"
      >
        <path
          d="m4.5 6.5 3.5 3.5 3.5-3.5"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </div>
  );
}
