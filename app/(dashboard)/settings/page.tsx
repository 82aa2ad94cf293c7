import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { RevealPolicyForm } from "@/components/operations/reveal-policy-form";
import { can } from "@/lib/permissions";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { revealRoleOf } from "@/lib/server/operations/reveal-policy";

export const metadata: Metadata = { title: "Settings" };

const SECTIONS = [
  {
    id: "members",
    href: "/settings/members",
    title: "Members",
    description: "Who is in this organization, their roles, and invitations.",
  },
  {
    id: "tokens",
    href: "/settings/tokens",
    title: "API tokens",
    description: "Personal tokens for scripts, CI jobs and the REST API.",
  },
] as const;

export default async function SettingsPage() {
  const viewer = await requireOrgViewer();
  return (
    <>
      <PageHeader title="Settings" description={`${viewer.org.name}: members, access and your API tokens.`} />
      <ul className="grid gap-3 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <Link
              href={section.href}
              data-testid={`settings-link-${section.id}`}
              className="block h-full rounded-lg border border-border bg-surface-raised p-4 transition-colors hover:border-border-strong hover:bg-surface-sunken"
            >
              <span className="block font-medium text-text">{section.title}</span>
              <span className="mt-1 block text-sm text-text-muted">{section.description}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-6">
        <RevealPolicyForm current={await revealRoleOf(viewer.org.id)} editable={can(viewer.role, "org.revealPolicy")} />
      </div>
    </>
  );
}
