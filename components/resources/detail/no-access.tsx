import Link from "next/link";
import { EmptyState } from "@/components/ui";
import type { ObjectAccessDenial } from "@/lib/resources/object-access";

type Props = {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace?: string;
  name: string;
  denial: ObjectAccessDenial;
};

/**
 * A designed refusal, never an error: what the viewer tried to open, what exactly is missing,
 * and whom to ask. Another org's cluster never reaches this page: it is a 404 like a missing one.
 */
export function NoAccess({ clusterId, clusterName, kind, namespace, name, denial }: Props) {
  return (
    <EmptyState
      data-testid="no-access"
      icon={<LockIcon />}
      title={`You cannot see this ${kind}`}
      description={
        <div className="flex flex-col gap-3 text-left">
          <p>
            <span className="font-medium text-text">{name}</span>
            {namespace ? ` in namespace ${namespace}` : ""} on {clusterName}.
          </p>
          {denial.by === "role" ? (
            <p data-testid="no-access-reason">
              Your role in this organization is <strong>{denial.role}</strong>. {denial.reason}. Ask an organization
              admin.
            </p>
          ) : (
            <p data-testid="no-access-reason">
              The cluster&apos;s RBAC does not let {denial.identity} <strong>{denial.verbs.join(", ")}</strong>{" "}
              <code>{denial.resource}</code>{" "}
              {denial.namespace ? (
                <>
                  in namespace <strong>{denial.namespace}</strong>
                </>
              ) : (
                "cluster-wide"
              )}
              . Ask a cluster admin for a {denial.namespace ? "Role" : "ClusterRole"} binding with those verbs.
            </p>
          )}
        </div>
      }
      action={
        <Link href={`/clusters/${encodeURIComponent(clusterId)}`} className="text-sm text-accent hover:underline">
          Back to {clusterName}
        </Link>
      }
    />
  );
}

function LockIcon() {
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
      <rect x="5" y="11" width="14" height="9" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </svg>
  );
}
