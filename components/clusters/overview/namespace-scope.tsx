import Link from "next/link";
import { EmptyState } from "@/components/ui";

/**
 * For an identity that may not list pods everywhere: the namespaces it can use, each a way in,
 * instead of a dead end on "cannot list namespaces" (docs/resource-views.md).
 */
export function NamespaceScope({ clusterId, namespaces }: { clusterId: string; namespaces: readonly string[] }) {
  if (namespaces.length === 0) {
    return (
      <EmptyState
        data-testid="namespace-scope-none"
        title="This cluster's credential cannot list pods in any namespace we know of"
        description="It may not list namespaces, and none of the namespaces Pilothouse checked (the kubeconfig context's namespace, default, and namespaces seen in events) lets it list pods. Set the context's namespace in the kubeconfig, or ask a cluster admin for a RoleBinding."
      />
    );
  }
  return (
    <section
      aria-labelledby="namespace-scope-heading"
      className="rounded-xl border border-info/40 bg-info/8 p-4 text-sm"
      data-testid="namespace-scope"
    >
      <h2 id="namespace-scope-heading" className="font-semibold text-text">
        This credential works in {namespaces.length === 1 ? "one namespace" : `${namespaces.length} namespaces`}
      </h2>
      <p className="mt-1 text-text-muted">
        It may not list pods in every namespace, so this page shows only these. Nodes and other cluster-wide kinds are
        out of its reach.
      </p>
      <ul className="mt-2 flex flex-wrap gap-2">
        {namespaces.map((namespace) => (
          <li key={namespace}>
            <Link
              href={`/clusters/${encodeURIComponent(clusterId)}/pods?ns=${encodeURIComponent(namespace)}`}
              className="inline-flex rounded-md border border-border bg-surface-raised px-2.5 py-1 font-medium text-accent hover:underline"
              data-testid={`namespace-scope-${namespace}`}
            >
              {namespace}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
