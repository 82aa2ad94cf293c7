/**
 * Request bodies are read against a cap (docs/security.md §6), never whole first: a body declared
 * or found to be larger than 1 MiB is a 413 PAYLOAD_TOO_LARGE naming `body`, and nothing runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OrgContext } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { MAX_JSON_BODY_BYTES } from "@/lib/server/api/route";
import { POST as createCluster } from "@/app/api/v1/clusters/route";
import { createOrgContext, newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";

// The route is called with a bearer token; next-auth (the cookie path) needs Next's runtime.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

describe("API request bodies", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: OrgContext;
  let token: string;

  beforeAll(async () => {
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { role: "editor" });
    token = (await issueApiToken({ userId: context.actor.userId, orgId: context.orgId, name: "t", expiresAt: null }))
      .token;
  });
  afterAll(async () => fresh?.drop());

  /** A cluster registration whose kubeconfig is `size` bytes of padding (valid JSON, hopeless kubeconfig). */
  function bodyOf(size: number) {
    return JSON.stringify({ name: "big", kubeconfig: `# ${"x".repeat(size)}` });
  }

  async function post(body: BodyInit, headers: Record<string, string> = {}) {
    const request = new Request("http://localhost:3000/api/v1/clusters", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
      body,
      ...(body instanceof ReadableStream && { duplex: "half" }),
    } as RequestInit);
    const response = await createCluster(request, { params: Promise.resolve({}) });
    return { status: response.status, body: (await response.json()) as { error?: Record<string, string> } };
  }

  it("refuses a body larger than 1 MiB with 413 PAYLOAD_TOO_LARGE naming the body", async () => {
    const response = await post(bodyOf(MAX_JSON_BODY_BYTES + 1));
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The request body is larger than 1 MiB.",
      path: "body",
    });
  });

  it("refuses a streamed body without a length once it passes 1 MiB, and stops reading it", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(pulled === 1 ? new TextEncoder().encode('{"name":"big","kubeconfig":"') : chunk);
      },
    });
    const response = await post(endless);
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    // An endless body was cut off just past the cap, not read until memory ran out.
    expect(pulled).toBeLessThan(MAX_JSON_BODY_BYTES / chunk.length + 4);
  });

  it("reads a large but allowed body as usual (the refusal is the kubeconfig's own 64 KiB limit)", async () => {
    const response = await post(bodyOf(900 * 1024));
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: "INVALID_INPUT", path: "kubeconfig" });
  });

  it("leaves no cluster behind", async () => {
    expect(await fresh.db.cluster.count()).toBe(0);
  });
});
