import { AppError } from "@/lib/errors";
import { can, PERMISSIONS, type Permission } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/api/route";
import { getDb } from "@/lib/server/db/client";

/** Who is calling, in which org, at which role, and what that role allows (the UI's `can()` table, resolved). */
export const GET = apiRoute("GET /api/v1/me", async (context) => {
  const [user, org] = await Promise.all([
    getDb().user.findUnique({ where: { id: context.actor.userId }, select: { id: true, email: true, name: true } }),
    getDb().organization.findUnique({ where: { id: context.orgId }, select: { id: true, name: true } }),
  ]);
  if (!user || !org) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(context.role, permission));
  return {
    user: { id: user.id, email: user.email, name: user.name },
    org: { id: org.id, name: org.name },
    role: context.role,
    permissions,
  };
});
