import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit" description="Every action taken through Pilothouse: who, what, when and the outcome." />
      <EmptyState
        data-testid="audit-empty-state"
        title="No activity yet"
        description="Actions such as scaling, restarts and rollbacks are recorded here as they happen."
      />
    </>
  );
}
