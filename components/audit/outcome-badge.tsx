import { Badge, type BadgeTone } from "@/components/ui";
import type { AuditOutcomeLabel as AuditOutcome } from "@/lib/wire/audit";

export type { AuditOutcome };

const TONES: Record<AuditOutcome, BadgeTone> = {
  success: "success",
  failure: "danger",
  denied: "warning",
  pending: "neutral",
};

/** `pending`: the attempt is recorded and no outcome yet (still running, or the process died). */
export function OutcomeBadge({ outcome, detail }: { outcome: AuditOutcome; detail?: string | null }) {
  return (
    <Badge tone={TONES[outcome]} dot title={detail ?? undefined} data-testid="audit-outcome" data-outcome={outcome}>
      {outcome}
    </Badge>
  );
}
