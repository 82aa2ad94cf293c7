import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ROLES, type Role } from "../../lib/permissions";
import { audited, type AuditEntry, type AuditScope } from "../../lib/server/audit/record";
import { hashPassword } from "../../lib/server/auth/password";
import { disconnectDb, getDb } from "../../lib/server/db/client";
import { prepareRuntime } from "../../lib/server/runtime";
import { emailSchema, orgNameSchema, passwordSchema, personNameSchema } from "../../lib/validations/accounts";
import { parseFlags, readFirstLine, requireFlag, UsageError, validateFlag, withUsage } from "./args";

export const USER_CREATE_USAGE = `usage: npm run cli -- user create --email EMAIL --password-stdin [--name NAME] [--org NAME [--role ROLE]]

  --email EMAIL       the new user's email (their sign-in)
  --password-stdin    read the password from the first line of stdin (never from the command line)
  --name NAME         display name
  --org NAME          create this organization, or join the existing one with exactly this name
  --role ROLE         ${ROLES.join("|")} in --org (default owner)

example: printf '%s\\n' "$PASSWORD" | npm run cli -- user create --email ops@example.com --password-stdin --org Acme`;

const FLAGS = {
  email: { type: "string" },
  "password-stdin": { type: "boolean" },
  name: { type: "string" },
  org: { type: "string" },
  role: { type: "string" },
} as const;

type Request = { email: string; password: string; name: string | null; org: { name: string; role: Role } | null };

/** `user create`: bootstrap an install (or script one) without a browser. */
export function userCreateCommand(args: string[]): Promise<number> {
  return withUsage(USER_CREATE_USAGE, async () => {
    const request = await readRequest(args);
    const runtime = await prepareRuntime({ migrate: true });
    try {
      const created = await createUser(request);
      console.log(`user_id=${created.userId}`);
      if (created.org) console.log(`org_id=${created.org.id}`);
      console.error(describe(request, created.org));
      return 0;
    } finally {
      await disconnectDb();
      await runtime.stop();
    }
  });
}

/** Everything is validated before the database is touched, and each problem names its flag. */
async function readRequest(args: string[]): Promise<Request> {
  const flags = parseFlags(args, FLAGS);
  const email = validateFlag(emailSchema, requireFlag(flags.email, "email"), "email");
  if (!flags["password-stdin"]) throw new UsageError("--password-stdin is required: pipe the password on stdin");
  const name = flags.name === undefined ? null : validateFlag(personNameSchema, flags.name, "name");
  if (flags.role !== undefined && flags.org === undefined) throw new UsageError("--role needs --org");
  const org =
    flags.org === undefined
      ? null
      : {
          name: validateFlag(orgNameSchema, flags.org, "org"),
          role: validateFlag(z.enum(ROLES, `must be one of ${ROLES.join(", ")}`), flags.role ?? "owner", "role"),
        };
  const password = validateFlag(passwordSchema, await readFirstLine(), "password-stdin");
  return { email, password, name, org };
}

type OrgTarget = { id: string; name: string; isNew: boolean };

/**
 * The user, and their membership (with the org when it is new), in one transaction, under audit:
 * `user.create`, plus `org.create` or `member.add`. Nothing is left half-made.
 */
async function createUser(request: Request): Promise<{ userId: string; org: (OrgTarget & { role: Role }) | null }> {
  const db = getDb();
  if (await db.user.findUnique({ where: { email: request.email }, select: { id: true } }))
    throw new Error(`a user with email ${request.email} already exists`);
  const org = request.org ? await findOrgTarget(request.org.name) : null;
  const passwordHash = await hashPassword(request.password);
  const userId = randomUUID();
  const scope: AuditScope = {
    actor: { type: "cli", userId, email: request.email },
    orgId: org?.id ?? null,
    requestId: randomUUID(),
    ip: null,
  };
  const role = request.org?.role ?? "owner";
  const userEntry: AuditEntry = {
    action: "user.create",
    kind: "User",
    name: request.email,
    summary: "created with the CLI",
  };
  const membershipEntry: AuditEntry | null = !org
    ? null
    : org.isNew
      ? { action: "org.create", kind: "Organization", name: org.name, summary: `created, ${request.email} as ${role}` }
      : { action: "member.add", kind: "Membership", name: request.email, summary: `added as ${role}` };

  const write = () =>
    db.$transaction(async (tx) => {
      await tx.user.create({ data: { id: userId, email: request.email, name: request.name, passwordHash } });
      if (org?.isNew) await tx.organization.create({ data: { id: org.id, name: org.name } });
      if (org) await tx.membership.create({ data: { orgId: org.id, userId, role } });
    });
  await audited(scope, userEntry, () => (membershipEntry ? audited(scope, membershipEntry, write) : write()));
  return { userId, org: org && { ...org, role } };
}

/** Join the org with exactly this name if there is one; two with that name is an error, not a guess. */
async function findOrgTarget(name: string): Promise<OrgTarget> {
  const matches = await getDb().organization.findMany({ where: { name }, select: { id: true }, take: 2 });
  if (matches.length > 1)
    throw new Error(`more than one organization is named "${name}"; rename one in the app, then try again`);
  return matches[0] ? { id: matches[0].id, name, isNew: false } : { id: randomUUID(), name, isNew: true };
}

function describe(request: Request, org: (OrgTarget & { role: Role }) | null): string {
  if (!org) return `created user ${request.email} (no organization: they can create one after signing in)`;
  const how = org.isNew ? `created organization "${org.name}"` : `joined organization "${org.name}"`;
  return `created user ${request.email}; ${how} as ${org.role}`;
}
