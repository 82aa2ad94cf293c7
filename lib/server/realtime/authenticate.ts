import type { Role } from "@/lib/permissions";
import { authenticateApiToken } from "../auth/api-tokens";
import { findRole } from "../auth/memberships";
import { findSession, sessionCookieName } from "../auth/sessions";
import { getConfig } from "../config/env";
import { getDb } from "../db/client";

export type SocketIdentity = {
  userId: string;
  email: string;
  orgId: string | null;
  role: Role | null;
  sessionId?: string;
  tokenId?: string;
};

/**
 * Who opened this socket: the session cookie a browser sends, or an API token in the handshake
 * `auth` payload (never a query string, which ends up in logs).
 */
export async function authenticateHandshake(
  cookieHeader: string | undefined,
  authPayload: unknown,
): Promise<SocketIdentity | null> {
  const token =
    typeof authPayload === "object" && authPayload !== null ? (authPayload as { token?: unknown }).token : undefined;
  if (typeof token === "string") {
    const result = await authenticateApiToken(token);
    return (
      result && {
        userId: result.user.id,
        email: result.user.email,
        orgId: result.orgId,
        role: result.role,
        tokenId: result.tokenId,
      }
    );
  }
  const sessionToken = readCookie(cookieHeader, sessionCookieName(getConfig().secureCookies));
  const session = sessionToken ? await findSession(sessionToken) : null;
  if (!session) return null;
  const user = await getDb().user.findUnique({ where: { id: session.userId }, select: { email: true } });
  if (!user) return null;
  return {
    userId: session.userId,
    email: user.email,
    orgId: session.activeOrgId,
    role: await findRole(session.userId, session.activeOrgId),
    sessionId: session.id,
  };
}

/** Re-check an identity against the database now (membership, session or token still valid). */
export async function refreshIdentity(identity: SocketIdentity): Promise<SocketIdentity | null> {
  if (identity.sessionId) {
    const session = await getDb().session.findUnique({ where: { id: identity.sessionId } });
    if (!session || session.expires <= new Date()) return null;
  }
  if (identity.tokenId) {
    const token = await getDb().apiToken.findUnique({ where: { id: identity.tokenId } });
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null;
  }
  return { ...identity, role: await findRole(identity.userId, identity.orgId) };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index <= 0 || part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim()) || null;
    } catch {
      return null; // malformed escapes: not a cookie we issued
    }
  }
  return null;
}
