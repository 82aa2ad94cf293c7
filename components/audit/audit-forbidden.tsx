import { EmptyState, LockIcon } from "@/components/ui";

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
