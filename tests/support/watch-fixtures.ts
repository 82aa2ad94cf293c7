/**
 * Shared set-up for the watch hub's integration tests and benchmarks: connections to the real
 * test clusters (directly or through the fault proxy), kubectl as the independent witness of
 * what a cluster holds, and a "viewer" that applies snapshot + batches exactly as a browser would.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { projectRow } from "@/lib/resources/project";
import type { KindDefinition, ResourceRow } from "@/lib/resources/types";
import { type ClusterConnection, openConnection } from "@/lib/server/k8s/connection";
import { ingestKubeconfig } from "@/lib/server/k8s/kubeconfig";
import { parseAllowedNetworks } from "@/lib/server/k8s/outbound-policy";
import type { WatchHandle, WatchSpec } from "@/lib/server/k8s/watch-hub";
import type { UpstreamStatus, WatchBatch, WatchDelta } from "@/lib/wire/watch";
import { readTestClusters, type TestCluster } from "./clusters";

const run = promisify(execFile);

/** The two real clusters of this run (PILOTHOUSE_TEST_CLUSTER_IDS); the tests never skip without them. */
export function twoTestClusters(): [TestCluster, TestCluster] {
  const [first, second] = readTestClusters();
  if (!first || !second) throw new Error("these tests need two real test clusters (the integration setup starts them)");
  return [first, second];
}

export type Identity = "admin" | "token" | "viewer";

/** The parts of a watch spec a kind decides, as the socket layer will build them from the registry. */
export function kindView(kind: KindDefinition): Pick<WatchSpec, "resource" | "project" | "redact"> {
  return {
    resource: { group: kind.group, version: kind.versions[0]!, plural: kind.plural, namespaced: kind.namespaced },
    project: (object) => projectRow(kind, object),
    redact: kind.redact,
  };
}

/**
 * A connection to `cluster` as one of its kubeconfig users. `via` sends it to another address
 * (the fault proxy) while keeping the user's token. Loopback is allowed here, as an operator's
 * PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS would.
 */
export function connectTo(
  cluster: TestCluster,
  identity: Identity = "token",
  via?: { url: string; caData: string },
): Promise<ClusterConnection> {
  const normalized = ingestKubeconfig(readFileSync(cluster.kubeconfigPaths[identity], "utf8"));
  const endpoint = { server: via?.url ?? normalized.server, caData: via?.caData ?? normalized.caData };
  return openConnection(endpoint, normalized.credential, { allowed: parseAllowedNetworks("127.0.0.1/32") });
}

/** The cluster's CA as PEM, for a proxy that talks to the real apiserver. */
export function clusterCaPem(cluster: TestCluster): string {
  const caData = ingestKubeconfig(readFileSync(cluster.kubeconfigPaths.admin, "utf8")).caData;
  if (!caData) throw new Error("the test kubeconfig has no certificate-authority-data");
  return Buffer.from(caData, "base64").toString("utf8");
}

/** kubectl as the cluster admin; stdin for `apply -f -`. */
export async function kubectl(cluster: TestCluster, args: string[], stdin?: string): Promise<string> {
  const child = run("kubectl", ["--kubeconfig", cluster.kubeconfigPaths.admin, ...args], {
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (stdin !== undefined) {
    child.child.stdin?.end(stdin);
  }
  const { stdout } = await child;
  return stdout;
}

export type RowIdentity = { uid: string; name: string; resourceVersion: string };

/** What the cluster holds right now, straight from the apiserver: uid, name and resourceVersion. */
export async function clusterState(
  cluster: TestCluster,
  resource: string,
  namespace?: string,
  selector?: string,
): Promise<RowIdentity[]> {
  const scope = namespace ? ["-n", namespace] : ["--all-namespaces"];
  const labels = selector ? ["-l", selector] : [];
  const list = JSON.parse(await kubectl(cluster, ["get", resource, ...scope, ...labels, "-o", "json"])) as {
    items: { metadata: RowIdentity }[];
  };
  return identities(list.items.map((item) => item.metadata));
}

export function identities(rows: Iterable<RowIdentity>): RowIdentity[] {
  return [...rows]
    .map(({ uid, name, resourceVersion }) => ({ uid, name, resourceVersion }))
    .sort((a, b) => a.uid.localeCompare(b.uid));
}

/** A fresh namespace for one test file, labelled so a stray one is easy to find. */
export async function createNamespace(cluster: TestCluster, prefix = "watch-it"): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString("hex")}`;
  await kubectl(cluster, ["create", "namespace", name]);
  await kubectl(cluster, ["label", "namespace", name, "pilothouse.test/owner=watch-tests"]);
  return name;
}

export async function deleteNamespace(cluster: TestCluster, name: string) {
  await kubectl(cluster, ["delete", "namespace", name, "--wait=false", "--ignore-not-found"]);
}

/**
 * A browser's view of one watch: the snapshot, then every batch applied as the wire contract
 * says (upsert on ADDED/MODIFIED, remove on DELETED). Records deltas and statuses for asserts.
 */
export function watchAsViewer(handle: WatchHandle) {
  const snapshot = handle.snapshot();
  const rows = new Map<string, ResourceRow>(snapshot.rows.map((row) => [row.uid, row]));
  const deltas: WatchDelta[] = [];
  const statuses: UpstreamStatus[] = [];
  const batches: WatchBatch[] = [];
  const stop = handle.onBatch((batch) => {
    batches.push(batch);
    if (batch.status) statuses.push(batch.status);
    for (const delta of batch.deltas) {
      deltas.push(delta);
      if (delta.type === "DELETED") rows.delete(delta.row.uid);
      else rows.set(delta.row.uid, delta.row);
    }
  });
  return {
    rows,
    deltas,
    statuses,
    batches,
    stop,
    state: () => identities(rows.values()),
    status: () => statuses.at(-1) ?? snapshot.status,
    /** The deltas seen for one object name, as "TYPE" strings in order. */
    historyOf: (name: string) => deltas.filter((delta) => delta.row.name === name).map((delta) => delta.type),
  };
}

export function hubState(handle: WatchHandle): RowIdentity[] {
  return identities(handle.snapshot().rows);
}
