/**
 * Shared set-up for the log integration tests and bench/logs.ts: a real socket.io server with the
 * log handlers, a signed-in member of an org that registered a real test cluster, and a viewer
 * that records what one subscription receives, the way a browser would.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import type { Ack, LogLinePayload, LogsStatusPayload, LogsSubscribeRequest } from "@/lib/realtime/contract";
import type { Role } from "@/lib/permissions";
import type { OrgContext } from "@/lib/server/auth/actor";
import { createSession } from "@/lib/server/auth/sessions";
import { addCluster, updateCluster } from "@/lib/server/clusters/service";
import type { PrismaClient } from "@/lib/server/db/generated/client";
import { attachRealtime } from "@/lib/server/realtime/server";
import { createOrgContext, nextRequest, readKubeconfigs } from "./cluster-fixtures";
import type { TestCluster } from "./clusters";

export const APP_URL = "http://localhost:3000";

export type LogServer = { url: string; server: Server; close: () => Promise<void> };

export async function startLogServer(): Promise<LogServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const io = attachRealtime(server, APP_URL);
  return {
    url,
    server,
    close: async () => {
      await io.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A member of a new org with `cluster` registered (with its token kubeconfig unless told), and a session cookie. */
export async function memberWithCluster(
  db: PrismaClient,
  cluster: TestCluster,
  options: { role?: Role; kubeconfig?: "admin" | "token" | "viewer"; impersonate?: boolean } = {},
): Promise<{ context: OrgContext; clusterId: string; cookie: string }> {
  const owner = await createOrgContext(db, { role: "owner" });
  const kubeconfig = readKubeconfigs(cluster)[options.kubeconfig ?? "token"];
  const added = await addCluster(nextRequest(owner), { name: `logs-${owner.requestId.slice(0, 8)}`, kubeconfig });
  if (options.impersonate) await updateCluster(nextRequest(owner), added.id, { impersonate: true });
  const role = options.role ?? "viewer";
  const user = await db.user.create({ data: { email: `viewer-${owner.requestId.slice(0, 8)}@example.test` } });
  await db.membership.create({ data: { orgId: owner.orgId, userId: user.id, role } });
  const context: OrgContext = { ...owner, actor: { type: "session", userId: user.id, email: user.email }, role };
  const cookie = `authjs.session-token=${await createSession(user.id, owner.orgId)}`;
  return { context, clusterId: added.id, cookie };
}

export async function openSocket(url: string, cookie: string): Promise<Socket> {
  const socket = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { Origin: APP_URL, Cookie: cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** What one subscription received: lines and statuses in arrival order. */
export class LogViewer {
  readonly lines: LogLinePayload[] = [];
  readonly statuses: LogsStatusPayload[] = [];
  subscriptionId = "";

  constructor(readonly socket: Socket) {
    socket.on("logs:lines", (payload: { subscriptionId: string; lines: LogLinePayload[] }) => {
      if (payload.subscriptionId === this.subscriptionId) this.lines.push(...payload.lines);
    });
    socket.on("logs:status", (payload: LogsStatusPayload) => {
      if (payload.subscriptionId === this.subscriptionId) this.statuses.push(payload);
    });
  }

  /** Subscribe; lines that arrive before the ack are kept (the id is known from the ack only). */
  async subscribe(request: LogsSubscribeRequest): Promise<Ack<{ subscriptionId: string }>> {
    const early: { subscriptionId: string; lines: LogLinePayload[] }[] = [];
    const keep = (payload: { subscriptionId: string; lines: LogLinePayload[] }) => early.push(payload);
    this.socket.on("logs:lines", keep);
    const ack = (await this.socket.emitWithAck("logs:subscribe", request)) as Ack<{ subscriptionId: string }>;
    this.socket.off("logs:lines", keep);
    if (ack.ok) {
      this.subscriptionId = ack.subscriptionId;
      for (const payload of early) if (payload.subscriptionId === ack.subscriptionId) this.lines.push(...payload.lines);
    }
    return ack;
  }

  async unsubscribe() {
    return (await this.socket.emitWithAck("logs:unsubscribe", { subscriptionId: this.subscriptionId })) as Ack;
  }
}

/** Lines of `kubectl logs` as text, one entry per line. */
export function textLines(output: string): string[] {
  return output.split("\n").filter((line) => line.length > 0);
}
