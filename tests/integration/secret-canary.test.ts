/**
 * The suite's one allowed sighting of the Secret canary (docs/security.md §7): the kubectl-applied
 * Secret shop/pilothouse-canary is listed, watched, read as an object and as metadata — none of
 * which may carry its value — and one key is revealed through the REST reveal route. The value is
 * compared in memory with what kubectl reads and never printed. scripts/secret-canary.ts checks
 * after the whole suite that this answer (and the browser suite's reveal) is the only place it
 * appeared. Run alone, without `npm test`, the test plants a throwaway canary itself.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { openLiveSocket, startRealtimeServer, Subscriber } from "../support/live-sockets";
import { call, type OperationsOrg, operationsOrg } from "../support/operations-fixtures";
import { applyCanarySecret, CANARY_SECRET, canaryDir } from "../support/secret-canary";
import { kubectl, twoTestClusters } from "../support/watch-fixtures";

vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const APP_URL = "http://localhost:3000";
const [cluster] = twoTestClusters();
const { namespace, name, key } = CANARY_SECRET;

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let org: OperationsOrg;
let server: Awaited<ReturnType<typeof startRealtimeServer>>;
let watcher: Subscriber;

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  if (!canaryDir()) applyCanarySecret(cluster.kubeconfigPaths.admin, `throwaway-${randomBytes(8).toString("hex")}`);
  fresh = await useFreshDatabase();
  org = await operationsOrg(fresh.db, cluster);
  server = await startRealtimeServer(APP_URL);
  watcher = new Subscriber(await openLiveSocket(server.url, APP_URL, { sessionToken: org.sessions.editor }));
}, 60_000);

afterAll(async () => {
  watcher?.socket.close();
  await server?.close();
  await fresh?.drop();
});

const secretPath = () => `/api/v1/clusters/${org.clusterId}/secrets/${namespace}/${name}`;

describe("the suite-wide Secret canary", () => {
  it("is listed, watched and described without its value", async () => {
    expect((await watcher.subscribe({ clusterId: org.clusterId, resource: "secrets", namespace })).ok).toBe(true);
    await watcher.until(() => watcher.names().includes(name), "the canary Secret in the watch");
    const list = await call(
      org.tokens.editor,
      "GET",
      `/api/v1/clusters/${org.clusterId}/resources/secrets?namespace=${namespace}`,
    );
    expect(list.status).toBe(200);
    const object = await call(
      org.tokens.editor,
      "GET",
      `/api/v1/clusters/${org.clusterId}/resources/secrets/${namespace}/${name}`,
    );
    expect(object.status).toBe(200);
    expect(object.body).toMatchObject({ object: { metadata: { name, namespace } } });
    const metadata = await call(org.tokens.viewer, "GET", secretPath());
    expect(metadata.body).toMatchObject({ name, keys: [{ name: key, bytes: expect.any(Number) }] });
  });

  it("reveals its key through the reveal route: the one allowed place", async () => {
    const revealed = await call(org.tokens.editor, "POST", `${secretPath()}/reveal`, { key });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toMatchObject({ key, encoding: "utf8" });
    const stored = await kubectl(cluster, ["get", "secret", name, "-n", namespace, "-o", `jsonpath={.data.${key}}`]);
    // Compared, never printed: a failure here must not put the value in the test output.
    expect(revealed.body.value === Buffer.from(stored, "base64").toString(), "the revealed value is kubectl's").toBe(
      true,
    );
  });
});
