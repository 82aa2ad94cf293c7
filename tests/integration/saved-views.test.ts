import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/permissions";
import type { Ack, PresenceUpdatePayload } from "@/lib/realtime/contract";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/views/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/views/[id]/route";
import { useFreshDatabase } from "../support/database";
import { addMember, openLiveSocket, startRealtimeServer, type LiveSocket } from "../support/live-sockets";

const APP_URL = "http://localhost:3000";

// Route handlers are called directly with bearer tokens; next-auth (the cookie path) needs Next's runtime.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

type Member = Awaited<ReturnType<typeof addMember>> & { apiToken: string };
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/** Saved and shared views over /api/v1/views (docs/resource-views.md), and presence on them. */
describe("saved views", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let acme: string;
  let clusterId: string;
  let foreignClusterId: string;
  let ada: Member;
  let bob: Member;
  let admin: Member;
  let mallory: Member;

  async function member(orgId: string, name: string, role: Role): Promise<Member> {
    const added = await addMember(fresh.db, orgId, name, role);
    const { token } = await issueApiToken({ userId: added.userId, orgId, name: "views", expiresAt: null });
    return { ...added, apiToken: token };
  }

  function call(handler: Handler, method: string, who: Member, options: { id?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { Authorization: `Bearer ${who.apiToken}` };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const path = options.id ? `/api/v1/views/${options.id}` : "/api/v1/views";
    const request = new Request(`${APP_URL}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return handler(request, { params: Promise.resolve(options.id ? { id: options.id } : {}) } as never);
  }

  async function create(who: Member, body: Record<string, unknown>) {
    const response = await call(createRoute, "POST", who, {
      body: { clusterIds: [clusterId], resource: "pods", ...body },
    });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
    return ((await response.json()) as { view: { id: string; name: string } }).view;
  }

  async function auditOf(name: string) {
    const events = await fresh.db.auditEvent.findMany({
      where: { name },
      orderBy: { id: "asc" },
      include: { outcome: true },
    });
    return events.map((event) => [event.action, event.actorEmail, event.outcome?.outcome]);
  }

  beforeAll(async () => {
    fresh = await useFreshDatabase();
    acme = (await fresh.db.organization.create({ data: { name: "Acme" } })).id;
    const globex = (await fresh.db.organization.create({ data: { name: "Globex" } })).id;
    const cluster = (org: string, name: string) =>
      fresh.db.cluster.create({
        data: { orgId: org, name, server: "https://127.0.0.1:1", authType: "token", credential: {} },
      });
    clusterId = (await cluster(acme, "prod")).id;
    foreignClusterId = (await cluster(globex, "theirs")).id;
    ada = await member(acme, "ada", "editor");
    bob = await member(acme, "bob", "viewer");
    admin = await member(acme, "root", "admin");
    mallory = await member(globex, "mallory", "owner");
  });
  afterAll(async () => fresh.drop());

  it("saves a view with its list state, lists shared views to everyone and private ones to their owner", async () => {
    const shared = await create(ada, {
      name: "Failing payments",
      visibility: "org",
      state: { namespaces: ["payments"], filter: "CrashLoop", sort: { column: "age", direction: "desc" } },
    });
    const secret = await create(ada, { name: "Ada's scratch" });

    const fetched = await (await call(getRoute, "GET", bob, { id: shared.id })).json();
    expect(fetched.view).toMatchObject({
      name: "Failing payments",
      visibility: "org",
      clusterIds: [clusterId],
      resource: "pods",
      state: {
        namespaces: ["payments"],
        filter: "CrashLoop",
        labelSelector: "",
        columns: [],
        sort: { column: "age", direction: "desc" },
      },
      owner: { id: ada.userId, email: ada.email },
    });
    const names = async (who: Member) =>
      ((await (await call(listRoute, "GET", who)).json()).views as { name: string }[]).map((view) => view.name);
    expect(await names(ada)).toEqual(["Ada's scratch", "Failing payments"]);
    expect(await names(bob)).toEqual(["Failing payments"]);
    expect((await call(getRoute, "GET", bob, { id: secret.id })).status).toBe(404);
    expect(await auditOf("Failing payments")).toEqual([["view.create", ada.email, "success"]]);
  });

  it("names the field of bad input and stores nothing", async () => {
    const problems: [unknown, string][] = [
      [{ clusterIds: [clusterId], resource: "pods" }, "name"],
      [{ name: "x", clusterIds: [], resource: "pods" }, "clusterIds"],
      [{ name: "x", clusterIds: [clusterId], resource: "Pods!" }, "resource"],
      [{ name: "x", clusterIds: [clusterId], resource: "pods", visibility: "public" }, "visibility"],
      [
        { name: "x", clusterIds: [clusterId], resource: "pods", state: { namespaces: ["Bad_NS"] } },
        "state.namespaces.0",
      ],
      // Another org's cluster is refused like an unknown one: a view never reaches across orgs.
      [{ name: "x", clusterIds: [clusterId, foreignClusterId], resource: "pods" }, "clusterIds.1"],
    ];
    for (const [body, path] of problems) {
      const response = await call(createRoute, "POST", ada, { body });
      expect(response.status, path).toBe(422);
      expect((await response.json()).error).toMatchObject({ code: "INVALID_INPUT", path });
    }
    expect(await fresh.db.savedView.count({ where: { name: "x" } })).toBe(0);
  });

  it("answers another org's view exactly like a missing one, and leaves it alone", async () => {
    const theirs = await fresh.db.savedView.create({
      data: {
        orgId: (await fresh.db.cluster.findUniqueOrThrow({ where: { id: foreignClusterId } })).orgId,
        ownerId: mallory.userId,
        name: "Globex secret",
        visibility: "org",
        clusterIds: [foreignClusterId],
        resource: "pods",
        state: {},
      },
    });
    const missing = crypto.randomUUID();
    for (const [handler, method, body] of [
      [getRoute, "GET", undefined],
      [patchRoute, "PATCH", { name: "pwned" }],
      [deleteRoute, "DELETE", undefined],
    ] as const) {
      const foreign = await call(handler, method, ada, { id: theirs.id, body });
      const unknown = await call(handler, method, ada, { id: missing, body });
      expect([foreign.status, unknown.status], method).toEqual([404, 404]);
      const strip = async (response: Response) => ({ ...(await response.json()).error, requestId: undefined });
      expect(await strip(foreign)).toEqual(await strip(unknown));
    }
    expect(await fresh.db.savedView.findUnique({ where: { id: theirs.id } })).toMatchObject({ name: "Globex secret" });
  });

  it("lets only the owner edit a view, and audits the refused attempt", async () => {
    const view = await create(ada, { name: "Web tier", visibility: "org" });
    const refused = await call(patchRoute, "PATCH", bob, { id: view.id, body: { name: "Bob's now" } });
    expect(refused.status).toBe(403);
    expect((await call(patchRoute, "PATCH", admin, { id: view.id, body: { visibility: "private" } })).status).toBe(403);

    const renamed = await call(patchRoute, "PATCH", ada, {
      id: view.id,
      body: { name: "Web tier (prod)", state: { filter: "web", columns: ["name", "status"] } },
    });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).view).toMatchObject({
      name: "Web tier (prod)",
      state: { filter: "web", columns: ["name", "status"] },
    });
    const empty = await call(patchRoute, "PATCH", ada, { id: view.id, body: {} });
    expect((await empty.json()).error).toMatchObject({ code: "INVALID_INPUT", path: "name" });
    expect(await auditOf("Web tier")).toEqual([
      ["view.create", ada.email, "success"],
      ["view.update", bob.email, "denied"],
      ["view.update", admin.email, "denied"],
      ["view.update", ada.email, "success"],
    ]);
  });

  it("lets an admin delete a shared view, never another member's private one; other members delete only their own", async () => {
    const shared = await create(ada, { name: "Stale shared", visibility: "org" });
    const secret = await create(ada, { name: "Private to Ada" });
    expect((await call(deleteRoute, "DELETE", bob, { id: shared.id })).status).toBe(403);
    // A private view is invisible to the admin: the same 404 as none.
    expect((await call(deleteRoute, "DELETE", admin, { id: secret.id })).status).toBe(404);
    const deleted = await call(deleteRoute, "DELETE", admin, { id: shared.id });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: shared.id });
    expect(await fresh.db.savedView.findUnique({ where: { id: shared.id } })).toBeNull();
    expect((await call(deleteRoute, "DELETE", ada, { id: secret.id })).status).toBe(200);
    expect(await auditOf("Stale shared")).toEqual([
      ["view.create", ada.email, "success"],
      ["view.delete", bob.email, "denied"],
      ["view.delete", admin.email, "success"],
    ]);
  });

  describe("presence", () => {
    let server: Awaited<ReturnType<typeof startRealtimeServer>>;
    const sockets: LiveSocket[] = [];

    beforeAll(async () => {
      server = await startRealtimeServer(APP_URL);
    });
    afterAll(async () => {
      for (const socket of sockets) socket.close();
      await server.close();
    });

    async function open(who: Member) {
      const socket = await openLiveSocket(server.url, APP_URL, { sessionToken: who.session });
      sockets.push(socket);
      return socket;
    }

    function join(socket: LiveSocket, viewId: string) {
      return new Promise<Ack<PresenceUpdatePayload>>((resolve) => socket.emit("presence:join", { viewId }, resolve));
    }

    function nextUpdate(socket: LiveSocket) {
      return new Promise<PresenceUpdatePayload>((resolve) => socket.once("presence:update", resolve));
    }

    const emails = (update: PresenceUpdatePayload) => update.viewers.map((viewer) => viewer.email).sort();

    it("shows who has a view open, and drops a member as soon as their socket goes", async () => {
      const view = await create(ada, { name: "War room", visibility: "org" });
      const adaSocket = await open(ada);
      const first = await join(adaSocket, view.id);
      expect(first.ok && emails(first)).toEqual([ada.email]);

      const bobSocket = await open(bob);
      const arrived = nextUpdate(adaSocket);
      const joined = await join(bobSocket, view.id);
      expect(joined.ok && emails(joined)).toEqual([ada.email, bob.email].sort());
      expect(emails(await arrived)).toEqual([ada.email, bob.email].sort());

      // Two tabs are one person.
      const bobSecondTab = await open(bob);
      await join(bobSecondTab, view.id);
      const stillTwo = await join(adaSocket, view.id);
      expect(stillTwo.ok && stillTwo.total).toBe(2);

      const left = nextUpdate(adaSocket);
      bobSecondTab.close();
      expect((await left).total).toBe(2);
      const gone = nextUpdate(adaSocket);
      bobSocket.close();
      expect(emails(await gone)).toEqual([ada.email]);
    });

    it("tells the org's sockets when a shared view comes or goes, so sidebars list it without a reload", async () => {
      const bobSocket = await open(bob);
      const told = new Promise((resolve) => bobSocket.once("views:changed", resolve));
      const view = await create(ada, { name: "Announced", visibility: "org" });
      expect(await told).toEqual({ orgId: acme });
      const toldAgain = new Promise((resolve) => bobSocket.once("views:changed", resolve));
      expect((await call(deleteRoute, "DELETE", ada, { id: view.id })).status).toBe(200);
      expect(await toldAgain).toEqual({ orgId: acme });
    });

    it("refuses presence on a view the member may not open: another org's, or someone's private one", async () => {
      const secret = await create(ada, { name: "Ada alone" });
      const bobSocket = await open(bob);
      const refused = await join(bobSocket, secret.id);
      expect(refused).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const malloryView = await fresh.db.savedView.findFirstOrThrow({ where: { name: "Globex secret" } });
      const foreign = await join(bobSocket, malloryView.id);
      expect(foreign).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const malformed = await join(bobSocket, "not-a-uuid");
      expect(malformed).toMatchObject({ ok: false, error: { code: "INVALID_INPUT", path: "viewId" } });
    });
  });
});
