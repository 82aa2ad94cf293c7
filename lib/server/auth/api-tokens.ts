import { getDb } from "../db/client";
import { findRole } from "./memberships";
import { generateSecret, hashSecret } from "./secret-tokens";

export const API_TOKEN_PREFIX = "ph_";
/** How much of a token lists show: enough to tell tokens apart, far too little to use one. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;
// Writing last_used_at on every call would turn reads into writes; minute precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

export async function issueApiToken(input: { userId: string; orgId: string; name: string; expiresAt: Date | null }) {
  const token = generateSecret(API_TOKEN_PREFIX);
  const record = await getDb().apiToken.create({
    data: { ...input, prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), tokenHash: hashSecret(token) },
  });
  return { token, record };
}

/** The token's owner and org when it is valid now: not revoked, not expired, owner still a member. */
export async function authenticateApiToken(token: string) {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const record = await getDb().apiToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { user: { select: { id: true, email: true } } },
  });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= new Date())) return null;
  const role = await findRole(record.userId, record.orgId);
  if (!role) return null;
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await getDb().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
  }
  return { tokenId: record.id, user: record.user, orgId: record.orgId, role };
}
