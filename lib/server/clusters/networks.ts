import { AppError } from "@/lib/errors";
import { audited, type AuditScope } from "../audit/record";
import { getConfig } from "../config/env";
import { getDb } from "../db/client";
import { type AllowedNetworks, canonicalCidr, parseAllowedNetworks, parseNetworkGrant } from "../k8s/outbound-policy";

/**
 * Which private networks an organization's clusters may live on (docs/security.md §1,
 * docs/decisions/0062-per-org-network-grants.md). PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS opens its
 * ranges to every organization (a self-hosted single-team install); a grant opens a range, and
 * optionally only some ports, to one organization alone (a multi-tenant install).
 */

export type NetworkGrantView = { id: string; cidr: string; ports: number[]; createdAt: Date };

/** Every range a connection opened for this org may reach: the operator's, then the org's own grants. */
export async function allowedNetworksFor(orgId: string): Promise<AllowedNetworks> {
  const shared = parseAllowedNetworks(getConfig().PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS);
  const grants = await getDb().networkGrant.findMany({ where: { orgId }, select: { cidr: true, ports: true } });
  return [...shared, ...grants.map((grant) => parseNetworkGrant(grant.cidr, grant.ports))];
}

export function listNetworkGrants(orgId: string): Promise<NetworkGrantView[]> {
  return getDb().networkGrant.findMany({
    where: { orgId },
    orderBy: { cidr: "asc" },
    select: { id: true, cidr: true, ports: true, createdAt: true },
  });
}

/**
 * Open a range to one org (audited as `network.grant`). Granting a range again replaces its
 * ports. The CIDR is stored in canonical form (10.0.0.1/8 becomes 10.0.0.0/8).
 */
export async function grantNetwork(
  scope: AuditScope & { orgId: string },
  input: { cidr: string; ports?: readonly number[] },
): Promise<NetworkGrantView> {
  const grant = parseNetworkGrant(input.cidr, input.ports);
  const [, , ports = []] = grant;
  const cidr = canonicalCidr(grant);
  const entry = { action: "network.grant" as const, kind: "NetworkGrant", name: cidr, summary: describePorts(ports) };
  return audited(scope, entry, () =>
    getDb().networkGrant.upsert({
      where: { orgId_cidr: { orgId: scope.orgId, cidr } },
      create: { orgId: scope.orgId, cidr, ports: [...ports] },
      update: { ports: [...ports] },
      select: { id: true, cidr: true, ports: true, createdAt: true },
    }),
  );
}

/** Close a range again (audited as `network.revoke`); open connections re-vet within five minutes. */
export async function revokeNetwork(scope: AuditScope & { orgId: string }, input: { cidr: string }) {
  const cidr = canonicalCidr(parseNetworkGrant(input.cidr));
  return audited(scope, { action: "network.revoke", kind: "NetworkGrant", name: cidr }, async () => {
    const { count } = await getDb().networkGrant.deleteMany({ where: { orgId: scope.orgId, cidr } });
    if (count === 0) throw new AppError("NOT_FOUND", `This organization has no grant for ${cidr}.`, "cidr");
    return { cidr };
  });
}

function describePorts(ports: readonly number[]): string {
  return ports.length === 0 ? "every port" : `ports ${ports.join(", ")}`;
}
