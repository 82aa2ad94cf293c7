/**
 * Socket clients for the live-resource tests and benchmarks: a browser's view of a subscription
 * (snapshot, then deltas; or windows), with every frame kept as text so a test can search all of
 * it for a value that must never appear.
 */
import { randomBytes } from "node:crypto";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  SubscriptionRef,
  WatchStatusPayload,
  WatchSubscribeRequest,
} from "@/lib/realtime/contract";
import type { ResourceRow } from "@/lib/resources/types";
import type { Role } from "@/lib/permissions";
import { createSession } from "@/lib/server/auth/sessions";
import type { PrismaClient } from "@/lib/server/db/generated/client";
import { getWatchHub } from "@/lib/server/k8s/watch-hub";
import { attachRealtime } from "@/lib/server/realtime/server";
import { LIVE_CHANGE_TIMEOUT } from "./live-change";

/**
 * socket.io on a loopback HTTP server, mounted as server.ts mounts it; `handler` answers plain
 * HTTP requests (e.g. /metrics). close() ends the hub's views and the server.
 */
export async function startRealtimeServer(appUrl: string, handler?: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const io = attachRealtime(server, appUrl);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await io.close();
      await getWatchHub().close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A new member of the org, signed in: what a socket needs to act as them. */
export async function addMember(db: PrismaClient, orgId: string, name: string, role: Role) {
  const email = `${name}-${randomBytes(3).toString("hex")}@example.test`;
  const user = await db.user.create({ data: { email } });
  const membership = await db.membership.create({ data: { orgId, userId: user.id, role } });
  return { userId: user.id, email, membershipId: membership.id, session: await createSession(user.id, orgId) };
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openLiveSocket(
  url: string,
  origin: string,
  credentials: { sessionToken?: string; apiToken?: string },
  { reconnectAfterMs }: { reconnectAfterMs?: number } = {},
): Promise<LiveSocket> {
  const socket: LiveSocket = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: reconnectAfterMs !== undefined,
    reconnectionDelay: reconnectAfterMs,
    randomizationFactor: 0,
    extraHeaders: {
      Origin: origin,
      ...(credentials.sessionToken && { Cookie: `authjs.session-token=${credentials.sessionToken}` }),
    },
    ...(credentials.apiToken && { auth: { token: credentials.apiToken } }),
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/** One subscriber: rows keyed by cluster and uid, applied as the contract says; every frame kept. */
export class Subscriber {
  readonly rows = new Map<string, ResourceRow>();
  readonly frames: string[] = [];
  readonly statuses: WatchStatusPayload[] = [];
  readonly deltaTypes: { type: string; name: string }[] = [];
  window?: { offset: number; total: number; names: string[] };
  subscriptionId?: string;
  snapshots = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly socket: LiveSocket) {
    socket.on("watch:snapshot", (payload) => {
      if (payload.subscriptionId !== this.subscriptionId) return;
      this.frames.push(JSON.stringify(payload));
      this.snapshots += 1;
      for (const key of [...this.rows.keys()]) if (key.startsWith(`${payload.clusterId ?? ""}/`)) this.rows.delete(key);
      for (const row of payload.rows) this.rows.set(`${payload.clusterId ?? ""}/${row.uid}`, row as ResourceRow);
      this.wake();
    });
    socket.on("watch:delta", (payload) => {
      if (payload.subscriptionId !== this.subscriptionId) return;
      this.frames.push(JSON.stringify(payload));
      for (const event of payload.events) {
        const key = `${event.clusterId ?? ""}/${event.row.uid}`;
        this.deltaTypes.push({ type: event.type, name: event.row.name });
        if (event.type === "DELETED") this.rows.delete(key);
        else this.rows.set(key, event.row as ResourceRow);
      }
      this.wake();
    });
    socket.on("watch:window", (payload) => {
      if (payload.subscriptionId !== this.subscriptionId) return;
      this.frames.push(JSON.stringify(payload));
      this.window = {
        offset: payload.offset,
        total: payload.total,
        names: payload.entries.map((entry) => entry.row.name),
      };
      this.wake();
    });
    socket.on("watch:status", (payload) => {
      if (payload.subscriptionId !== this.subscriptionId) return;
      this.frames.push(JSON.stringify(payload));
      this.statuses.push(payload);
      this.wake();
    });
  }

  /** Subscribe; resolves with the ack (the snapshot follows it). */
  subscribe(request: WatchSubscribeRequest): Promise<Ack<SubscriptionRef>> {
    return new Promise((resolve) => {
      this.socket.emit("watch:subscribe", request, (ack) => {
        if (ack.ok) this.subscriptionId = ack.subscriptionId;
        resolve(ack);
      });
    });
  }

  unsubscribe(): Promise<Ack> {
    return new Promise((resolve) =>
      this.socket.emit("watch:unsubscribe", { subscriptionId: this.subscriptionId! }, (ack) => resolve(ack)),
    );
  }

  /** Wait until `check()` holds (re-checked on every frame), or fail after `timeoutMs`. */
  async until(check: () => boolean, what: string, timeoutMs = LIVE_CHANGE_TIMEOUT): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  names(): string[] {
    return [...this.rows.values()].map((row) => row.name).sort();
  }

  identities() {
    return [...this.rows.values()]
      .map(({ uid, name, resourceVersion }) => ({ uid, name, resourceVersion }))
      .sort((a, b) => a.uid.localeCompare(b.uid));
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
