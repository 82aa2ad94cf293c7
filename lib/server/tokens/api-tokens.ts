import { AppError } from "@/lib/errors";
import type { CreateTokenInput } from "@/lib/validations/tokens";
import type { OrgContext } from "../auth/actor";
import { issueApiToken } from "../auth/api-tokens";
import { requireSessionActor } from "../auth/authorize";
import { audited, type AuditScope, type AuditEntry } from "../audit/record";
import { getDb } from "../db/client";
import { isUuid } from "../db/ids";
import { log } from "../logger";
import { notifyAccessChanged } from "../realtime/server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What lists and API responses show of a token: never its hash, never the token itself. */
export type TokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
};

const SUMMARY_FIELDS = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
} as const;

/** The caller's own live (unrevoked) tokens in the current org, newest first; expired ones included. */
export function listOwnTokens(owner: { userId: string; orgId: string }): Promise<TokenSummary[]> {
  return getDb().apiToken.findMany({
    where: { userId: owner.userId, orgId: owner.orgId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: SUMMARY_FIELDS,
  });
}

export function expiryFromDays(days: number | null, now = new Date()): Date | null {
  return days === null ? null : new Date(now.getTime() + days * DAY_MS);
}

/** `expires 2026-12-21` / `expires never`: the audit summary; the token itself never goes in. */
export function describeExpiry(expiresAt: Date | null): string {
  return `expires ${expiresAt ? expiresAt.toISOString().slice(0, 10) : "never"}`;
}

/**
 * Issue a token for the acting user in the current org. The raw token is returned once, here;
 * only its hash is stored.
 */
export async function createOwnToken(context: OrgContext, input: CreateTokenInput) {
  // The route refuses tokens first (and audits it); this keeps any other caller honest too.
  await requireSessionActor(context);
  return createTokenFor(
    context,
    { userId: context.actor.userId, orgId: context.orgId },
    input.name,
    expiryFromDays(input.expiresInDays),
  );
}

/** Shared by the settings page, the API and the CLI (whose scope names a cli actor). */
export async function createTokenFor(
  scope: AuditScope,
  owner: { userId: string; orgId: string },
  name: string,
  expiresAt: Date | null,
): Promise<{ token: string; record: TokenSummary }> {
  const entry: AuditEntry = { action: "token.create", kind: "ApiToken", name, summary: describeExpiry(expiresAt) };
  return audited(scope, entry, async () => {
    const { token, record } = await issueApiToken({ ...owner, name, expiresAt });
    return { token, record: pick(record) };
  });
}

/**
 * Revoke one of the caller's own tokens in the current org. Someone else's token, another
 * org's, or an unknown id are all the same 404. Sockets opened with the token are dropped.
 */
export function revokeOwnToken(context: OrgContext, id: string): Promise<TokenSummary> {
  return revokeToken(context, { id, userId: context.actor.userId, orgId: context.orgId });
}

/** A token of this org with its owner, as an admin's list shows it. */
export type OrgTokenSummary = TokenSummary & { owner: { id: string; email: string; name: string | null } };

/** The most tokens one admin list shows (newest first); an org with more has bigger problems. */
const ORG_TOKEN_LIST_LIMIT = 500;

/** Every member's live tokens in this org, newest first (admins: who can still call the API as whom). */
export async function listOrgTokens(orgId: string): Promise<OrgTokenSummary[]> {
  const tokens = await getDb().apiToken.findMany({
    where: { orgId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: ORG_TOKEN_LIST_LIMIT,
    select: { ...SUMMARY_FIELDS, user: { select: { id: true, email: true, name: true } } },
  });
  return tokens.map(({ user, ...token }) => ({ ...token, owner: user }));
}

/** An admin revokes any member's token in this org; another org's token is the same 404 as none. */
export function revokeOrgToken(context: OrgContext, id: string): Promise<TokenSummary> {
  return revokeToken(context, { id, orgId: context.orgId });
}

async function revokeToken(context: OrgContext, where: { id: string; orgId: string; userId?: string }) {
  const existing = isUuid(where.id)
    ? await getDb().apiToken.findFirst({
        where: { ...where, revokedAt: null },
        select: { ...SUMMARY_FIELDS, user: { select: { id: true, email: true } } },
      })
    : null;
  // An attempt on a token that is not ours is still an attempt: it is recorded, by id only.
  const entry: AuditEntry = {
    action: "token.revoke",
    kind: "ApiToken",
    name: existing?.name ?? where.id,
    summary: existing ? describeRevoked(existing, context.actor.userId) : undefined,
  };
  const revoked = await audited(context, entry, async () => {
    if (!existing) throw new AppError("NOT_FOUND", "API token not found.");
    // The revokedAt condition makes a double click one change: the second finds nothing to do.
    await getDb().apiToken.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
    return existing;
  });
  await dropTokenSockets(revoked.user.id, context.orgId);
  return pick(revoked);
}

function describeRevoked(token: TokenSummary & { user: { id: string; email: string } }, actorUserId: string) {
  const owner = token.user.id === actorUserId ? "" : `, owned by ${token.user.email}`;
  return `prefix ${token.prefix}…, ${describeExpiry(token.expiresAt)}${owner}`;
}

/**
 * The re-check drops sockets whose token is now revoked. The revocation is already committed and
 * every request re-checks the token, so a failure here must not fail the action.
 */
async function dropTokenSockets(userId: string, orgId: string) {
  try {
    await notifyAccessChanged(userId, { orgId, reason: "signed_out" });
  } catch (error) {
    log.warn("could not re-check sockets after a token revocation", { userId, error: String(error) });
  }
}

function pick(record: TokenSummary & Record<string, unknown>): TokenSummary {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
  };
}
