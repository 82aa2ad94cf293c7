import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Your organization, members and preferences." />
      <EmptyState
        data-testid="settings-empty-state"
        title="Nothing to configure yet"
        description="Settings arrive together with accounts and organizations."
      />
    </>
  );
}
