import { randomUUID } from "node:crypto";
import { listMembershipsOf } from "../../lib/server/auth/memberships";
import { disconnectDb, getDb } from "../../lib/server/db/client";
import { prepareRuntime } from "../../lib/server/runtime";
import { createTokenFor, describeExpiry } from "../../lib/server/tokens/api-tokens";
import { emailSchema } from "../../lib/validations/accounts";
import { TOKEN_DEFAULT_EXPIRY_DAYS, TOKEN_MAX_EXPIRY_DAYS, tokenNameSchema } from "../../lib/validations/tokens";
import { parseFlags, requireFlag, UsageError, validateFlag, withLogsOnStderr, withUsage } from "./args";

export const TOKEN_CREATE_USAGE = `usage: npm run cli -- token create --email EMAIL --name NAME [--org NAME] [--expires 30d|12h|never]

  --email EMAIL       the user the token acts as (with their role)
  --name NAME         what the token is for, e.g. ci-deploys
  --org NAME          the organization (name or id); required when the user belongs to several
  --expires WHEN      Nd (1-${TOKEN_MAX_EXPIRY_DAYS}), Nh, or never (default ${TOKEN_DEFAULT_EXPIRY_DAYS}d)

Only the token is printed on stdout, so this works: TOKEN=$(npm run -s cli -- token create ...)`;

const FLAGS = {
  email: { type: "string" },
  name: { type: "string" },
  org: { type: "string" },
  expires: { type: "string" },
} as const;

const HOUR_MS = 60 * 60 * 1000;

/** `token create`: an API token for automation, printed once. */
export function tokenCreateCommand(args: string[]): Promise<number> {
  return withUsage(TOKEN_CREATE_USAGE, async () => {
    const flags = parseFlags(args, FLAGS);
    const email = validateFlag(emailSchema, requireFlag(flags.email, "email"), "email");
    const name = validateFlag(tokenNameSchema, requireFlag(flags.name, "name"), "name");
    const lifetimeMs = parseExpires(flags.expires ?? `${TOKEN_DEFAULT_EXPIRY_DAYS}d`);
    // stdout carries the token alone; start-up logs go to stderr with everything else.
    const token = await withLogsOnStderr(async () => {
      const runtime = await prepareRuntime({ migrate: true });
      try {
        return await issueFor(email, flags.org, name, lifetimeMs);
      } finally {
        await disconnectDb();
        await runtime.stop();
      }
    });
    process.stdout.write(`${token}\n`);
    return 0;
  });
}

/** `30d`, `12h` or `never` → milliseconds (null for never). */
export function parseExpires(value: string): number | null {
  if (value === "never") return null;
  const match = /^(\d{1,5})([dh])$/.exec(value);
  const hours = match ? Number(match[1]) * (match[2] === "d" ? 24 : 1) : NaN;
  if (!(hours >= 1 && hours <= TOKEN_MAX_EXPIRY_DAYS * 24))
    throw new UsageError(
      `--expires: must be Nd (1-${TOKEN_MAX_EXPIRY_DAYS}), Nh (1-${TOKEN_MAX_EXPIRY_DAYS * 24}) or never`,
    );
  return hours * HOUR_MS;
}

async function issueFor(email: string, orgFlag: string | undefined, name: string, lifetimeMs: number | null) {
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) throw new Error(`no user with email ${email}`);
  const org = await pickOrg(user.id, email, orgFlag);
  const expiresAt = lifetimeMs === null ? null : new Date(Date.now() + lifetimeMs);
  const scope = {
    actor: { type: "cli" as const, userId: user.id, email: user.email },
    orgId: org.id,
    requestId: randomUUID(),
    ip: null,
  };
  const { token, record } = await createTokenFor(scope, { userId: user.id, orgId: org.id }, name, expiresAt);
  console.error(
    `created token "${record.name}" (${record.prefix}…) for ${email} in "${org.name}", ${describeExpiry(expiresAt)}`,
  );
  return token;
}

async function pickOrg(userId: string, email: string, orgFlag: string | undefined) {
  const orgs = (await listMembershipsOf(userId)).map((membership) => membership.org);
  if (orgs.length === 0) throw new Error(`${email} is not a member of any organization`);
  if (orgFlag === undefined) {
    if (orgs.length === 1) return orgs[0]!;
    throw new UsageError(`--org is required: ${email} belongs to ${orgs.map((org) => `"${org.name}"`).join(", ")}`);
  }
  const matches = orgs.filter((org) => org.id === orgFlag || org.name === orgFlag);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new Error(`${email} belongs to several organizations named "${orgFlag}": pass its id`);
  throw new Error(`${email} is not a member of an organization named "${orgFlag}"`);
}
