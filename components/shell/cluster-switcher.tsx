import { cn } from "@/lib/cn";
import { SelectChevron } from "@/components/ui/select-chevron";

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
      <SelectChevron />
    </div>
  );
}
