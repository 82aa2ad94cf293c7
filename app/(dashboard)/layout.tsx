import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { CLUSTER_COOKIE } from "@/lib/cluster-scope";
import { requireOrgViewer } from "@/lib/server/auth/viewer";
import { listClusters } from "@/lib/server/clusters/service";
import { listViews } from "@/lib/server/views/saved-views";

// Who is looking, and their role, are read fresh on every request: never cached across users.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await requireOrgViewer();
  const [clusters, jar, views] = await Promise.all([
    listClusters(viewer.org.id),
    cookies(),
    listViews({ orgId: viewer.org.id, userId: viewer.user.id }),
  ]);
  const remembered = jar.get(CLUSTER_COOKIE)?.value;
  return (
    <AppShell
      clusters={clusters.map(({ id, name, health }) => ({ id, name, health }))}
      views={views.map((view) => ({
        id: view.id,
        name: view.name,
        resource: view.resource,
        shared: view.visibility === "org",
        mine: view.owner.id === viewer.user.id,
      }))}
      rememberedClusterId={clusters.some((cluster) => cluster.id === remembered) ? remembered! : null}
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
