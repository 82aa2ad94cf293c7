import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { randomUUID } from "node:crypto";
import { createSession, findSession } from "@/lib/server/auth/sessions";
import { endSession } from "@/lib/server/orgs/sign-out";
import { attachRealtime, notifyAccessChanged, sweepEndedSockets } from "@/lib/server/realtime/server";
import { useFreshDatabase } from "../support/database";

const APP_URL = "http://localhost:3000";

/** The socket handshake: same origin only (cors does not stop CSWSH), and always authenticated. */
describe("realtime handshake", () => {
  let server: Server;
  let url: string;
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let sessionToken: string;
  let apiToken: string;
  let userId: string;
  let orgId: string;

  beforeAll(async () => {
    fresh = await useFreshDatabase();
    const user = await fresh.db.user.create({ data: { email: "rt@example.test" } });
    const org = await fresh.db.organization.create({
      data: { name: "Realtime", memberships: { create: { userId: user.id, role: "viewer" } } },
    });
    userId = user.id;
    orgId = org.id;
    sessionToken = await createSession(user.id, org.id);
    apiToken = (await issueApiToken({ userId: user.id, orgId: org.id, name: "rt", expiresAt: null })).token;
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    attachRealtime(server, APP_URL);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fresh.drop();
  });

  function open(options: {
    origin?: string;
    cookie?: string;
    auth?: Record<string, string>;
    query?: Record<string, string>;
  }) {
    const headers: Record<string, string> = {};
    if (options.origin) headers.Origin = options.origin;
    if (options.cookie) headers.Cookie = options.cookie;
    return connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: headers,
      auth: options.auth,
      query: options.query,
    });
  }

  function outcome(socket: Socket) {
    return new Promise<"connected" | "refused">((resolve) => {
      socket.on("connect", () => resolve("connected"));
      socket.on("connect_error", () => resolve("refused"));
    });
  }

  async function handshake(options: Parameters<typeof open>[0]) {
    const socket = open(options);
    try {
      return await outcome(socket);
    } finally {
      socket.close();
    }
  }

  it("accepts a signed-in browser from the app's own origin", async () => {
    expect(await handshake({ origin: APP_URL, cookie: `authjs.session-token=${sessionToken}` })).toBe("connected");
  });

  it("accepts an API token in the handshake auth payload", async () => {
    expect(await handshake({ origin: APP_URL, auth: { token: apiToken } })).toBe("connected");
  });

  it.each(["https://evil.example", "null", "http://localhost:3001", undefined])(
    "refuses origin %s even with a valid session",
    async (origin) => {
      expect(await handshake({ origin, cookie: `authjs.session-token=${sessionToken}` })).toBe("refused");
    },
  );

  it("refuses a handshake without credentials, with a bogus session, or with a token in the query string", async () => {
    expect(await handshake({ origin: APP_URL })).toBe("refused");
    expect(await handshake({ origin: APP_URL, cookie: "authjs.session-token=not-a-session" })).toBe("refused");
    expect(await handshake({ origin: APP_URL, query: { token: apiToken } })).toBe("refused");
  });

  /** A connected socket and a promise of its disconnect reason. */
  async function connected(options: Parameters<typeof open>[0]) {
    const socket = open(options);
    const dropped = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    expect(await outcome(socket)).toBe("connected");
    return { socket, dropped };
  }

  it("closes the sockets of a session that signs out, at once, and no others", async () => {
    const ending = await createSession(userId, orgId);
    const staying = await createSession(userId, orgId);
    const doomed = await connected({ origin: APP_URL, cookie: `authjs.session-token=${ending}` });
    const survivor = await connected({ origin: APP_URL, cookie: `authjs.session-token=${staying}` });
    try {
      const told = new Promise((resolve) => doomed.socket.on("access:changed", resolve));
      const requestId = randomUUID();
      await endSession((await findSession(ending))!.id, { requestId, ip: "203.0.113.8" });
      expect(await told).toEqual({ orgId, reason: "signed_out" });
      expect(await doomed.dropped).toBe("io server disconnect");
      expect(survivor.socket.connected).toBe(true);
      expect(await findSession(ending)).toBeNull();
      const audit = await fresh.db.auditEvent.findFirstOrThrow({ where: { requestId }, include: { outcome: true } });
      expect(audit).toMatchObject({
        action: "session.sign_out",
        orgId,
        actorUserId: userId,
        ip: "203.0.113.8",
        outcome: { outcome: "success" },
      });
    } finally {
      doomed.socket.close();
      survivor.socket.close();
    }
  });

  it("sweeps sockets whose session expired or whose token was revoked, and keeps the rest", async () => {
    const expiring = await createSession(userId, orgId);
    const fine = await createSession(userId, orgId);
    const token = await issueApiToken({ userId, orgId, name: "swept", expiresAt: null });
    const expired = await connected({ origin: APP_URL, cookie: `authjs.session-token=${expiring}` });
    const revoked = await connected({ origin: APP_URL, auth: { token: token.token } });
    const kept = await connected({ origin: APP_URL, cookie: `authjs.session-token=${fine}` });
    try {
      await fresh.db.session.updateMany({
        where: { id: (await findSession(expiring))!.id },
        data: { expires: new Date(Date.now() - 1000) },
      });
      await fresh.db.apiToken.update({ where: { id: token.record.id }, data: { revokedAt: new Date() } });
      await sweepEndedSockets();
      expect(await expired.dropped).toBe("io server disconnect");
      expect(await revoked.dropped).toBe("io server disconnect");
      expect(kept.socket.connected).toBe(true);
    } finally {
      for (const { socket } of [expired, revoked, kept]) socket.close();
    }
  });

  it("tells a socket whose access changed, and drops it once the membership is gone", async () => {
    const socket = open({ origin: APP_URL, cookie: `authjs.session-token=${sessionToken}` });
    expect(await outcome(socket)).toBe("connected");
    const told = new Promise((resolve) => socket.on("access:changed", resolve));
    const dropped = new Promise((resolve) => socket.on("disconnect", resolve));
    await fresh.db.membership.deleteMany({ where: { userId, orgId } });
    await notifyAccessChanged(userId, { orgId, reason: "removed" });
    expect(await told).toEqual({ orgId, reason: "removed" });
    expect(await dropped).toBe("io server disconnect");
  });
});
