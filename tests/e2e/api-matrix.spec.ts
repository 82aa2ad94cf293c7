import { expect, test, type APIRequestContext, type APIResponse } from "./fixtures";
import { can, ROLES, type Role } from "@/lib/permissions";
import { API_ROUTES, type RouteKey, type RouteResource, type RouteSpec } from "@/lib/server/api/registry";
import { hashSecret } from "@/lib/server/auth/secret-tokens";
import { connectToE2eDatabase, createMember, createOrg } from "../support/e2e-db";

/**
 * Generated from the route registry (lib/server/api/registry.ts): every /api/v1 route × every role,
 * every route with an :id × a foreign org's object, every mutating route × forged origins and
 * content types. A route that is added without a registry entry fails tests/unit/api-registry.test.ts;
 * one added without a sample body or resource factory below fails here.
 */
const ROUTES = Object.entries(API_ROUTES) as [RouteKey, RouteSpec][];
const MUTATING = ROUTES.filter(([key]) => !key.startsWith("GET "));

/** A body the route accepts, so the cross-org check reaches the lookup instead of stopping at validation. */
const SAMPLE_BODIES: Partial<Record<RouteKey, unknown>> = {
  "PATCH /api/v1/members/:id": { role: "viewer" },
  "POST /api/v1/invitations": { email: "someone@example.test", role: "viewer", replace: true },
  "POST /api/v1/tokens": { name: "matrix" },
  // The metadata address is always refused (422) before anything is stored or contacted.
  "POST /api/v1/clusters": { name: "matrix", server: "https://169.254.169.254", token: "matrix-token" },
  "POST /api/v1/clusters/test": { server: "https://169.254.169.254", token: "matrix-token" },
  "PATCH /api/v1/clusters/:id": { name: "renamed" },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/scale": { replicas: 1 },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/image": { container: "web", image: "nginx:1" },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/rollback": { toRevision: 1 },
  "PUT /api/v1/clusters/:id/secrets/:namespace/:name": { type: "Opaque", data: {} },
  "POST /api/v1/clusters/:id/secrets/:namespace/:name/reveal": { key: "password" },
  "PUT /api/v1/clusters/:id/resources/:resource/:namespace/:name": { yaml: "kind: ConfigMap" },
  "POST /api/v1/clusters/:id/resources/:resource/:namespace/:name": { yaml: "kind: ConfigMap" },
  // No such cluster in the caller's org: refused (422) before anything is stored.
  "POST /api/v1/views": { name: "matrix", clusterIds: ["00000000-0000-4000-8000-000000000000"], resource: "pods" },
  "PATCH /api/v1/views/:id": { name: "renamed" },
};

const db = connectToE2eDatabase();
type Member = Awaited<ReturnType<typeof createMember>>;
let home: Record<Role, Member>;
let foreign: Record<RouteResource, string>;
let appOrigin: string;

test.beforeAll(async ({ baseURL }) => {
  appOrigin = new URL(baseURL!).origin;
  const org = await createOrg(db, "Matrix home");
  home = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await createMember(db, org.id, role)])),
  ) as Record<Role, Member>;
  const other = await createOrg(db, "Matrix foreign");
  const owner = await createMember(db, other.id, "owner");
  const member = await createMember(db, other.id, "viewer");
  const invitation = await db.invitation.create({
    data: {
      orgId: other.id,
      email: "invitee@example.test",
      role: "viewer",
      tokenHash: hashSecret(crypto.randomUUID()),
      invitedById: owner.user.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const cluster = await db.cluster.create({
    data: {
      orgId: other.id,
      name: "foreign",
      server: "https://foreign.example.test",
      authType: "token",
      credential: {},
    },
  });
  const view = await db.savedView.create({
    data: {
      orgId: other.id,
      ownerId: owner.user.id,
      name: "foreign",
      visibility: "org",
      clusterIds: [cluster.id],
      resource: "pods",
      state: {},
    },
  });
  foreign = {
    savedView: view.id,
    membership: member.membership.id,
    invitation: invitation.id,
    apiToken: member.tokenId,
    cluster: cluster.id,
  };
});

test.afterAll(async () => db.$disconnect());

function call(
  request: APIRequestContext,
  key: RouteKey,
  options: { id?: string; headers?: Record<string, string>; body?: string },
) {
  const [method, pattern] = key.split(" ") as [string, string];
  const url = pattern.replace(":id", options.id ?? crypto.randomUUID());
  return request.fetch(url, {
    method,
    headers: options.headers,
    data: options.body,
    failOnStatusCode: false,
    maxRedirects: 0,
  });
}

function json(key: RouteKey) {
  return key.startsWith("GET ") || key.startsWith("DELETE ") ? undefined : JSON.stringify(SAMPLE_BODIES[key] ?? {});
}

async function errorOf(response: APIResponse) {
  const body = await response.json().catch(() => ({}));
  return body?.error as { code?: string; requestId?: string } | undefined;
}

/** How a member of `role` calls: a bearer token, or, for session-only routes, their browser session. */
function credentialsOf(role: Role, spec: RouteSpec): Record<string, string> {
  return spec.sessionOnly
    ? { Cookie: `authjs.session-token=${home[role].sessionToken}`, Origin: appOrigin }
    : { Authorization: `Bearer ${home[role].apiToken}` };
}

test.describe("role matrix", () => {
  for (const [key, spec] of ROUTES) {
    test(`${key} requires ${spec.permission}`, async ({ request }) => {
      for (const role of ROLES) {
        const response = await call(request, key, {
          headers: { ...credentialsOf(role, spec), "Content-Type": "application/json" },
          body: json(key),
        });
        const denied = response.status() === 403 && (await errorOf(response))?.code === "FORBIDDEN";
        expect(denied, `${role} on ${key} answered ${response.status()}`).toBe(!can(role, spec.permission));
      }
      const anonymous = await call(request, key, {
        headers: { Origin: appOrigin, "Content-Type": "application/json" },
        body: json(key),
      });
      expect(anonymous.status(), `anonymous on ${key}`).toBe(401);
    });
  }
});

test.describe("session-only routes refuse API tokens, whatever the role", () => {
  for (const [key] of ROUTES.filter(([, spec]) => spec.sessionOnly)) {
    test(key, async ({ request }) => {
      for (const role of ROLES) {
        const response = await call(request, key, {
          headers: { Authorization: `Bearer ${home[role].apiToken}`, "Content-Type": "application/json" },
          body: json(key),
        });
        expect(response.status(), `${role}'s token on ${key}`).toBe(403);
        expect((await errorOf(response))?.code).toBe("FORBIDDEN");
      }
    });
  }
});

test.describe("cross-org lookups answer exactly like missing ones", () => {
  for (const [key, spec] of ROUTES.filter(([routeKey]) => routeKey.includes(":id"))) {
    test(`${key} with a foreign ${spec.resource}`, async ({ request }) => {
      expect(spec.resource, `${key} has no resource in the registry`).toBeDefined();
      const headers = { Authorization: `Bearer ${home.owner.apiToken}`, "Content-Type": "application/json" };
      const foreignResponse = await call(request, key, { id: foreign[spec.resource!], headers, body: json(key) });
      const missingResponse = await call(request, key, { headers, body: json(key) });
      expect(foreignResponse.status()).toBe(404);
      expect(missingResponse.status()).toBe(404);
      const strip = async (response: APIResponse) => ({ ...(await errorOf(response)), requestId: undefined });
      expect(await strip(foreignResponse)).toEqual(await strip(missingResponse));
    });
  }

  test("the foreign objects are untouched", async () => {
    expect(await db.membership.findUnique({ where: { id: foreign.membership } })).toMatchObject({ role: "viewer" });
    expect(await db.invitation.findUnique({ where: { id: foreign.invitation } })).toMatchObject({ revokedAt: null });
    expect(await db.apiToken.findUnique({ where: { id: foreign.apiToken } })).toMatchObject({ revokedAt: null });
    expect(await db.cluster.findUnique({ where: { id: foreign.cluster } })).toMatchObject({ name: "foreign" });
    expect(await db.savedView.findUnique({ where: { id: foreign.savedView } })).toMatchObject({ name: "foreign" });
  });
});

test.describe("CSRF: mutations from a browser session need our origin and JSON", () => {
  for (const [key] of MUTATING) {
    test(key, async ({ request }) => {
      const cookie = `authjs.session-token=${home.owner.sessionToken}`;
      const jsonType = { "Content-Type": "application/json" };
      const forged: [string, Record<string, string>, number][] = [
        ["evil Origin", { Cookie: cookie, Origin: "https://evil.example", ...jsonType }, 403],
        ["Origin: null", { Cookie: cookie, Origin: "null", ...jsonType }, 403],
        ["no Origin", { Cookie: cookie, ...jsonType }, 403],
        ["cross-site fetch", { Cookie: cookie, Origin: appOrigin, "Sec-Fetch-Site": "cross-site", ...jsonType }, 403],
        ["text/plain body", { Cookie: cookie, Origin: appOrigin, "Content-Type": "text/plain" }, 415],
      ];
      for (const [label, headers, status] of forged) {
        const body = label === "text/plain body" ? JSON.stringify(SAMPLE_BODIES[key] ?? { x: 1 }) : json(key);
        const response = await call(request, key, { headers, body });
        expect(response.status(), `${label} on ${key}`).toBe(status);
      }
      const genuine = await call(request, key, {
        headers: { Cookie: cookie, Origin: appOrigin, ...jsonType },
        body: json(key),
      });
      expect([403, 415], `same-origin JSON on ${key} answered ${genuine.status()}`).not.toContain(genuine.status());
    });
  }
});
