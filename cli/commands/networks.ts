import { randomUUID } from "node:crypto";
import { AppError } from "../../lib/errors";
import { CLI_OPERATOR } from "../../lib/server/auth/actor";
import { grantNetwork, listNetworkGrants, revokeNetwork } from "../../lib/server/clusters/networks";
import { disconnectDb, getDb } from "../../lib/server/db/client";
import { prepareRuntime } from "../../lib/server/runtime";
import { parseFlags, requireFlag, UsageError, withLogsOnStderr, withUsage } from "./args";

export const NETWORKS_USAGE = `usage: npm run cli -- networks grant  --org ORG --cidr CIDR [--ports 443,6443]
       npm run cli -- networks revoke --org ORG --cidr CIDR
       npm run cli -- networks list   --org ORG

Opens a private network (loopback, 10/8, 172.16/12, 192.168/16, fc00::/7...) to ONE organization's
clusters: how a multi-tenant install lets a customer reach their own private API servers without
opening that range to every tenant (PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS opens it to all).
Link-local and cloud metadata addresses stay refused whatever is granted.

  --org ORG        the organization (name or id)
  --cidr CIDR      e.g. 10.20.0.0/16 or fd00:1::/64 (a single address is a /32 or /128)
  --ports LIST     only these ports (comma-separated); default every port

Grants and revocations are audited (network.grant, network.revoke). Connections already open
re-check within five minutes.`;

const FLAGS = { org: { type: "string" }, cidr: { type: "string" }, ports: { type: "string" } } as const;

export function networksGrantCommand(args: string[]): Promise<number> {
  return withOrg(args, { cidr: true, ports: true }, async (org, input) => {
    const grant = await grantNetwork(scopeFor(org.id), input);
    return [`granted ${grant.cidr} (${describePorts(grant.ports)}) to "${org.name}"`];
  });
}

export function networksRevokeCommand(args: string[]): Promise<number> {
  return withOrg(args, { cidr: true, ports: false }, async (org, input) => {
    const { cidr } = await revokeNetwork(scopeFor(org.id), input);
    return [`revoked ${cidr} from "${org.name}"`];
  });
}

export function networksListCommand(args: string[]): Promise<number> {
  return withOrg(args, { cidr: false, ports: false }, async (org) => {
    const grants = await listNetworkGrants(org.id);
    if (grants.length === 0) return [`"${org.name}" has no network grants`];
    return grants.map((grant) => `${grant.cidr}\t${describePorts(grant.ports)}`);
  });
}

type Input = { cidr: string; ports: number[] };

/**
 * Check the flags (before anything starts), start the runtime, find the org, run. Bad input,
 * including a CIDR or port the grant refuses, is a usage error naming its flag (exit 2).
 */
function withOrg(
  args: string[],
  takes: { cidr: boolean; ports: boolean },
  run: (org: { id: string; name: string }, input: Input) => Promise<string[]>,
) {
  return withUsage(NETWORKS_USAGE, async () => {
    const flags = parseFlags(args, FLAGS);
    const orgFlag = requireFlag(flags.org, "org");
    for (const flag of ["cidr", "ports"] as const) {
      if (!takes[flag] && flags[flag] !== undefined) throw new UsageError(`--${flag} does not apply here`);
    }
    const input = { cidr: takes.cidr ? requireFlag(flags.cidr, "cidr") : "", ports: parsePorts(flags.ports) };
    // stdout carries the result alone (`networks list` is for scripts too); logs go to stderr.
    const lines = await withLogsOnStderr(async () => {
      const runtime = await prepareRuntime({ migrate: true });
      try {
        return await run(await findOrg(orgFlag), input);
      } catch (error) {
        if (error instanceof AppError && error.code === "INVALID_INPUT") {
          throw new UsageError(`--${error.path ?? "cidr"}: ${error.message.replace(/^\w+: /, "")}`);
        }
        throw error;
      } finally {
        await disconnectDb();
        await runtime.stop();
      }
    });
    process.stdout.write(lines.map((line) => `${line}\n`).join(""));
    return 0;
  });
}

async function findOrg(value: string) {
  const byId = /^[0-9a-f-]{36}$/i.test(value) ? { id: value } : undefined;
  const orgs = await getDb().organization.findMany({
    where: { OR: [{ name: value }, ...(byId ? [byId] : [])] },
    select: { id: true, name: true },
  });
  if (orgs.length === 1) return orgs[0]!;
  if (orgs.length > 1) throw new Error(`several organizations are named "${value}": pass its id`);
  throw new Error(`no organization named "${value}"`);
}

export function parsePorts(value: string | undefined): number[] {
  if (value === undefined) return [];
  const ports = value.split(",").map((part) => part.trim());
  const bad = ports.find((port) => !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535);
  if (bad !== undefined) throw new UsageError(`--ports: "${bad}" is not a port (1-65535)`);
  return ports.map(Number);
}

function scopeFor(orgId: string) {
  return { actor: CLI_OPERATOR, orgId, requestId: randomUUID(), ip: null };
}

function describePorts(ports: readonly number[]) {
  return ports.length === 0 ? "every port" : `ports ${ports.join(", ")}`;
}
