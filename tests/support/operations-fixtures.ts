/**
 * Shared set-up for the operations integration tests: an org with a real test cluster registered
 * twice (its cluster-admin token, and its view-only token), members of each role with API tokens,
 * a REST client that calls the route modules as Next's router would (every answer kept as text so
 * a test can search all of them), kubectl as the witness, and the org's audit rows.
 */
import { randomUUID } from "node:crypto";
import * as image from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/image/route";
import * as pause from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/pause/route";
import * as restart from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/restart/route";
import * as resume from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/resume/route";
import * as diff from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/revisions/diff/route";
import * as revisions from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/revisions/route";
import * as rollback from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/rollback/route";
import * as scale from "@/app/api/v1/clusters/[id]/workloads/[kind]/[namespace]/[name]/scale/route";
import * as reveal from "@/app/api/v1/clusters/[id]/secrets/[namespace]/[name]/reveal/route";
import * as secret from "@/app/api/v1/clusters/[id]/secrets/[namespace]/[name]/route";
import * as object from "@/app/api/v1/clusters/[id]/resources/[resource]/[namespace]/[name]/route";
import * as list from "@/app/api/v1/clusters/[id]/resources/[resource]/route";
import type { Role } from "@/lib/permissions";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { addCluster } from "@/lib/server/clusters/service";
import type { PrismaClient } from "@/lib/server/db/generated/client";
import { createOrgContext, nextRequest, readKubeconfigs } from "./cluster-fixtures";
import type { TestCluster } from "./clusters";
import { addMember } from "./live-sockets";
import { deploymentManifest } from "./manifests";
import { labelResponse } from "./secret-canary";
import { kubectl } from "./watch-fixtures";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Module = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", unknown>>;

const W = "/api/v1/clusters/:id/workloads/:kind/:namespace/:name";
const ROUTES: [string, Module][] = [
  [`${W}/scale`, scale],
  [`${W}/restart`, restart],
  [`${W}/pause`, pause],
  [`${W}/resume`, resume],
  [`${W}/image`, image],
  [`${W}/revisions/diff`, diff],
  [`${W}/revisions`, revisions],
  [`${W}/rollback`, rollback],
  ["/api/v1/clusters/:id/secrets/:namespace/:name/reveal", reveal],
  ["/api/v1/clusters/:id/secrets/:namespace/:name", secret],
  ["/api/v1/clusters/:id/resources/:resource/:namespace/:name", object],
  ["/api/v1/clusters/:id/resources/:resource", list],
];

export type Answer = { status: number; text: string; body: Record<string, unknown>; requestId: string };

/** Everything every route answered, to search for values that must never appear. */
export const answers: { path: string; text: string }[] = [];

/** Call a route as a REST client with an API token; each call carries its own request id. */
export async function call(token: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const url = new URL(path, "http://localhost:3000");
  for (const [pattern, module] of ROUTES) {
    const params = match(pattern, url.pathname);
    const handler = module[method as keyof Module] as Handler | undefined;
    if (!params || !handler) continue;
    const requestId = randomUUID();
    const request = new Request(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "X-Request-Id": requestId,
        ...(body !== undefined && { "Content-Type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const response = labelResponse(await handler(request, { params: Promise.resolve(params) }), `${method} ${path}`);
    const text = await response.text();
    answers.push({ path: `${method} ${path}`, text });
    return { status: response.status, text, body: text ? JSON.parse(text) : {}, requestId };
  }
  throw new Error(`no route for ${method} ${path}`);
}

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(got[index]!);
    else if (part !== got[index]) return null;
  }
  return params;
}

export type OperationsOrg = {
  orgId: string;
  ownerUserId: string;
  /** The cluster registered with its cluster-admin token. */
  clusterId: string;
  /** The same cluster registered with the view-only token (`view` ClusterRole). */
  viewerClusterId: string;
  tokens: Record<Role, string>;
  /** Session tokens (for sockets) of the members who are not the owner. */
  sessions: Partial<Record<Role, string>>;
};

export async function operationsOrg(db: PrismaClient, cluster: TestCluster): Promise<OperationsOrg> {
  const owner = await createOrgContext(db, { role: "owner" });
  const kubeconfigs = readKubeconfigs(cluster);
  const clusterId = (await addCluster(nextRequest(owner), { name: "ops", kubeconfig: kubeconfigs.token })).id;
  const viewerClusterId = (
    await addCluster(nextRequest(owner), { name: "ops-view", kubeconfig: kubeconfigs.viewer }, { allowDuplicate: true })
  ).id;
  const tokens = {} as Record<Role, string>;
  const sessions: Partial<Record<Role, string>> = {};
  for (const role of ["owner", "admin", "editor", "viewer"] as const) {
    let userId = owner.actor.userId;
    if (role !== "owner") {
      const member = await addMember(db, owner.orgId, role, role);
      userId = member.userId;
      sessions[role] = member.session;
    }
    tokens[role] = (await issueApiToken({ userId, orgId: owner.orgId, name: role, expiresAt: null })).token;
  }
  return { orgId: owner.orgId, ownerUserId: owner.actor.userId, clusterId, viewerClusterId, tokens, sessions };
}

/** The audit rows one request wrote (attempt and outcome). */
export async function auditRowsOf(db: PrismaClient, requestId: string) {
  return db.auditEvent.findMany({ where: { requestId }, include: { outcome: true }, orderBy: { id: "asc" } });
}

/** A Deployment of `replicas` pods running one container `web`, created with kubectl. */
export async function createDeployment(
  cluster: TestCluster,
  namespace: string,
  name: string,
  options: Parameters<typeof deploymentManifest>[2] = {},
) {
  await kubectl(cluster, ["apply", "-f", "-"], JSON.stringify(deploymentManifest(namespace, name, options)));
}

export type DeploymentState = {
  replicas: number;
  ready: number;
  updated: number;
  image: string;
  generation: number;
  observedGeneration: number;
  revision: string;
};

export async function deploymentState(cluster: TestCluster, namespace: string, name: string): Promise<DeploymentState> {
  const object = JSON.parse(await kubectl(cluster, ["get", "deployment", name, "-n", namespace, "-o", "json"]));
  return {
    replicas: object.spec.replicas,
    ready: object.status.readyReplicas ?? 0,
    updated: object.status.updatedReplicas ?? 0,
    image: object.spec.template.spec.containers[0].image,
    generation: object.metadata.generation,
    observedGeneration: object.status.observedGeneration ?? 0,
    revision: object.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? "",
  };
}

/** The pods of a Deployment that are not being deleted, with whether they are ready. */
export async function podsOf(cluster: TestCluster, namespace: string, app: string) {
  const pods = JSON.parse(await kubectl(cluster, ["get", "pods", "-n", namespace, "-l", `app=${app}`, "-o", "json"]));
  return (
    pods.items as {
      metadata: { name: string; deletionTimestamp?: string };
      status: { conditions?: { type: string; status: string }[] };
    }[]
  )
    .filter((pod) => !pod.metadata.deletionTimestamp)
    .map((pod) => ({
      name: pod.metadata.name,
      ready:
        pod.status.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false,
    }));
}

export async function replicaSetCount(cluster: TestCluster, namespace: string, app: string): Promise<number> {
  const out = await kubectl(cluster, ["get", "replicasets", "-n", namespace, "-l", `app=${app}`, "-o", "name"]);
  return out.split("\n").filter(Boolean).length;
}
