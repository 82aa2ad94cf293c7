/**
 * A log stream ends when the viewer's access ends (docs/logs.md, Authorization): a role change
 * that takes away the cluster's RBAC, and RBAC revoked on the cluster itself, against a REAL
 * apiserver in impersonation mode (the cluster judges `pilothouse:<email>` in `pilothouse:<role>`).
 */
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getLogHub } from "@/lib/server/logs/log-hub";
import { recheckLogSubscriptions } from "@/lib/server/realtime/logs";
import { getRealtime, notifyAccessChanged } from "@/lib/server/realtime/server";
import type { RealtimeSocket } from "@/lib/server/realtime/types";
import { newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { type LogServer, LogViewer, memberWithCluster, openSocket, startLogServer } from "../support/log-fixtures";
import { kubectl, twoTestClusters } from "../support/watch-fixtures";

const [cluster] = twoTestClusters();
const CONVERGE = { timeout: 30_000, interval: 100 };

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let server: LogServer;
let pod: string;
const sockets: Socket[] = [];
const bindings: string[] = [];

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  fresh = await useFreshDatabase();
  server = await startLogServer();
  const pods = JSON.parse(await kubectl(cluster, ["get", "pods", "-n", "shop", "-l", "app=web", "-o", "json"])) as {
    items: { metadata: { name: string } }[];
  };
  pod = pods.items[0]!.metadata.name;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const name of bindings)
    await kubectl(cluster, ["delete", "-n", "shop", "role,rolebinding", name]).catch(() => "");
  await getLogHub().close();
  await server?.close();
  await fresh?.drop();
});

/** A Role that may read pods and their logs in shop, bound to one user or group; its name. */
async function grantLogs(subject: { kind: "User" | "Group"; name: string }): Promise<string> {
  const name = `logs-reauth-${bindings.length}-${Date.now().toString(36)}`;
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name, namespace: "shop" },
    rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }],
  };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace: "shop" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", ...subject }],
  };
  await kubectl(
    cluster,
    ["apply", "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "List", items: [role, binding] }),
  );
  bindings.push(name);
  return name;
}

/** An impersonation-mode member, following web's log through a real socket. */
async function following(grantTo: (email: string) => { kind: "User" | "Group"; name: string }) {
  const member = await memberWithCluster(fresh.db, cluster, { kubeconfig: "admin", impersonate: true });
  const binding = await grantLogs(grantTo(member.context.actor.email));
  const socket = await openSocket(server.url, member.cookie);
  sockets.push(socket);
  const viewer = new LogViewer(socket);
  // RBAC reaches the authorizer's cache within moments: the first subscribe may race it.
  await vi.waitFor(async () => {
    const ack = await viewer.subscribe({ clusterId: member.clusterId, namespace: "shop", pod, tailLines: 2 });
    expect(ack.ok).toBe(true);
  }, CONVERGE);
  await vi.waitFor(() => expect(viewer.lines.length).toBeGreaterThan(0), CONVERGE);
  return { member, viewer, binding };
}

function serverSocketOf(socket: Socket): RealtimeSocket {
  return getRealtime()!.sockets.sockets.get(socket.id!) as unknown as RealtimeSocket;
}

describe("log subscriptions when access changes", () => {
  it("ends the stream with a FORBIDDEN status when a role change leaves the viewer without RBAC", async () => {
    const { member, viewer, binding } = await following(() => ({ kind: "Group", name: "pilothouse:viewer" }));
    const userId = member.context.actor.userId!;
    // As an editor they act as pilothouse:editor, a group the cluster grants nothing.
    await fresh.db.membership.updateMany({ where: { userId, orgId: member.context.orgId }, data: { role: "editor" } });
    await notifyAccessChanged(userId, { orgId: member.context.orgId, reason: "role_changed" });
    await vi.waitFor(() => {
      expect(viewer.statuses).toContainEqual(
        expect.objectContaining({ kind: "error", code: "FORBIDDEN", message: expect.stringContaining("pod logs") }),
      );
    }, CONVERGE);
    // Out of the room: no line reaches it any more, and it holds nothing to unsubscribe.
    const count = viewer.lines.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(viewer.lines.length).toBe(count);
    expect(await viewer.unsubscribe()).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // The group grant would let every later viewer in: gone before the next test.
    await kubectl(cluster, ["delete", "-n", "shop", "role,rolebinding", binding]);
  });

  it("ends the stream when the cluster's RBAC is revoked, at the next recheck", async () => {
    const { viewer, binding } = await following((email) => ({ kind: "User", name: `pilothouse:${email}` }));
    await kubectl(cluster, ["delete", "-n", "shop", "rolebinding", binding]);
    await vi.waitFor(async () => {
      await recheckLogSubscriptions(serverSocketOf(viewer.socket));
      expect(viewer.statuses).toContainEqual(expect.objectContaining({ kind: "error", code: "FORBIDDEN" }));
    }, CONVERGE);
  });

  it("keeps the stream of a viewer whose access still holds", async () => {
    const { viewer } = await following((email) => ({ kind: "User", name: `pilothouse:${email}` }));
    await recheckLogSubscriptions(serverSocketOf(viewer.socket));
    const count = viewer.lines.length;
    await vi.waitFor(() => expect(viewer.lines.length).toBeGreaterThan(count), CONVERGE);
    expect(viewer.statuses.filter((status) => status.kind === "error")).toEqual([]);
  });
});
