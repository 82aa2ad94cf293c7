import { EmptyState } from "@/components/ui";

/** What viewers and editors see instead of the log: why, and who can help. */
export function AuditForbidden({ reason, role }: { reason: string; role: string }) {
  return (
    <EmptyState
      data-testid="audit-forbidden"
      title="You can’t view the audit log"
      description={
        <>
          <p>
            {reason}. Your role in this organization is <strong className="text-text">{role}</strong>.
          </p>
          <p className="mt-2">Ask an owner or admin if you need to review what changed.</p>
        </>
      }
      icon={<LockIcon />}
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
    >
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </svg>
  );
}
