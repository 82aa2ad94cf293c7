import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireOrgViewer } from "@/lib/server/auth/viewer";

// Who is looking, and their role, are read fresh on every request: never cached across users.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await requireOrgViewer();
  return (
    <AppShell
      viewer={{
        user: { id: viewer.user.id, email: viewer.user.email, name: viewer.user.name },
        org: { id: viewer.org.id, name: viewer.org.name },
        role: viewer.role,
        memberships: viewer.memberships.map(({ role, org }) => ({ role, org: { id: org.id, name: org.name } })),
      }}
    >
      {children}
    </AppShell>
  );
}
