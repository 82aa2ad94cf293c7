import { getDb } from "../db/client";
import { generateSecret, hashSecret } from "./secret-tokens";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Auth.js's cookie name: `__Secure-` when the app's URL is https (the browser then refuses it
 * over plain HTTP or from a page that is not secure). Sockets read exactly this one, so a plain
 * cookie planted by a network attacker is never taken for the session.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/**
 * Database sessions. The browser holds an opaque random token; the table holds its SHA-256.
 * Deleting a row signs that browser out on its next request.
 */
export async function createSession(userId: string, activeOrgId?: string | null): Promise<string> {
  const token = generateSecret();
  await getDb().session.create({
    data: {
      sessionToken: hashSecret(token),
      userId,
      activeOrgId: activeOrgId ?? (await defaultOrgId(userId)),
      expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    },
  });
  return token;
}

export async function findSession(token: string) {
  if (!token) return null;
  const session = await getDb().session.findUnique({ where: { sessionToken: hashSecret(token) } });
  if (!session || session.expires <= new Date()) return null;
  return session;
}

export async function revokeSession(token: string) {
  await getDb().session.deleteMany({ where: { sessionToken: hashSecret(token) } });
}

export async function revokeAllSessions(userId: string) {
  const { count } = await getDb().session.deleteMany({ where: { userId } });
  return count;
}

export async function setActiveOrg(sessionId: string, orgId: string | null) {
  await getDb().session.update({ where: { id: sessionId }, data: { activeOrgId: orgId } });
}

/** The org a new session starts in: the user's oldest membership. */
async function defaultOrgId(userId: string) {
  const membership = await getDb().membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  return membership?.orgId ?? null;
}
