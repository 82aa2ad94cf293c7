/**
 * Secrets and YAML edits against a REAL kube-apiserver. A Secret created with `kubectl apply`
 * (so its last-applied annotation holds the values too) carries a canary: after everything below,
 * the canary appears in exactly one place, the reveal answer — not in any other response, socket
 * frame, server log line or the database.
 */
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OrgContext } from "@/lib/server/auth/actor";
import { setRevealRole } from "@/lib/server/operations/reveal-policy";
import { dumpDatabase, newMasterKey, setClusterEnv } from "../support/cluster-fixtures";
import { useFreshDatabase } from "../support/database";
import { openLiveSocket, startRealtimeServer, Subscriber } from "../support/live-sockets";
import { answers, auditRowsOf, call, type OperationsOrg, operationsOrg } from "../support/operations-fixtures";
import { createNamespace, deleteNamespace, kubectl, twoTestClusters } from "../support/watch-fixtures";

vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const APP_URL = "http://localhost:3000";
const [cluster] = twoTestClusters();
const CANARY = `canary-${randomBytes(12).toString("hex")}`;
const CANARY_FORMS = [CANARY, Buffer.from(CANARY).toString("base64")];

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let org: OperationsOrg;
let namespace: string;
let server: Awaited<ReturnType<typeof startRealtimeServer>>;
let watcher: Subscriber;
const logLines: string[] = [];
const revealAnswers: string[] = [];

beforeAll(async () => {
  setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
  for (const stream of ["log", "error", "warn", "info"] as const) {
    const original = console[stream].bind(console);
    vi.spyOn(console, stream).mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(" "));
      original(...args);
    });
  }
  fresh = await useFreshDatabase();
  org = await operationsOrg(fresh.db, cluster);
  namespace = await createNamespace(cluster, "ops-secrets");
  await kubectl(
    cluster,
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace },
      stringData: { password: CANARY, username: "app" },
    }),
  );
  server = await startRealtimeServer(APP_URL);
  const socket = await openLiveSocket(server.url, APP_URL, { sessionToken: org.sessions.editor });
  watcher = new Subscriber(socket);
  expect((await watcher.subscribe({ clusterId: org.clusterId, resource: "secrets", namespace })).ok).toBe(true);
  await watcher.until(() => watcher.names().includes("db"), "the canary Secret in the watch");
}, 60_000);

afterAll(async () => {
  watcher?.socket.close();
  await server?.close();
  await deleteNamespace(cluster, namespace);
  await fresh?.drop();
});

/** The org's owner as a request context (for what has no REST route). */
function ownerContext(): OrgContext {
  return {
    actor: { type: "session", userId: org.ownerUserId, email: "owner@example.test" },
    orgId: org.orgId,
    role: "owner",
    requestId: "",
    ip: null,
  };
}

const secretPath = (name: string, clusterId = org.clusterId) =>
  `/api/v1/clusters/${clusterId}/secrets/${namespace}/${name}`;

describe("Secret metadata and reveal", () => {
  it("shows the type, key names and sizes, never a value", async () => {
    const metadata = await call(org.tokens.viewer, "GET", secretPath("db"));
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      name: "db",
      type: "Opaque",
      keys: expect.arrayContaining([
        { name: "password", bytes: CANARY.length },
        { name: "username", bytes: 3 },
      ]),
    });
  });

  it("reveals one key to an editor and audits who, which Secret and which key, never the value", async () => {
    const revealed = await call(org.tokens.editor, "POST", `${secretPath("db")}/reveal`, { key: "password" });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ key: "password", value: CANARY, encoding: "utf8" });
    revealAnswers.push(revealed.text);
    answers.splice(
      answers.findIndex((answer) => answer.text === revealed.text),
      1,
    );
    const [row] = await auditRowsOf(fresh.db, revealed.requestId);
    expect(row).toMatchObject({
      action: "secret.reveal",
      kind: "Secret",
      namespace,
      name: "db",
      summary: `secret ${namespace}/db key password revealed`,
      outcome: { outcome: "success" },
    });
    expect(row?.actorEmail).toMatch(/^editor-/);
  });

  it("refuses the viewer role, and an editor whose cluster credential may not get the Secret", async () => {
    const viewer = await call(org.tokens.viewer, "POST", `${secretPath("db")}/reveal`, { key: "password" });
    expect(viewer.status).toBe(403);
    const rbac = await call(org.tokens.editor, "POST", `${secretPath("db", org.viewerClusterId)}/reveal`, {
      key: "password",
    });
    expect(rbac.status).toBe(403);
    expect(JSON.stringify(rbac.body)).toMatch(/RBAC does not let this cluster's stored credential get secrets/);
    for (const answer of [viewer, rbac]) {
      expect((await auditRowsOf(fresh.db, answer.requestId)).map((row) => row.outcome?.outcome)).toEqual(["denied"]);
    }
  });

  it("lets an owner restrict revealing to admins, audited, and refuses editors then", async () => {
    const owner = { ...ownerContext(), requestId: randomUUID() };
    await setRevealRole(owner, "admin");
    try {
      const editor = await call(org.tokens.editor, "POST", `${secretPath("db")}/reveal`, { key: "username" });
      expect(editor.status).toBe(403);
      expect(editor.body).toMatchObject({ error: { code: "FORBIDDEN" } });
      expect(JSON.stringify(editor.body)).toContain("only admins and owners reveal Secret values");
      expect((await auditRowsOf(fresh.db, editor.requestId)).map((row) => row.outcome?.outcome)).toEqual(["denied"]);
      const admin = await call(org.tokens.admin, "POST", `${secretPath("db")}/reveal`, { key: "username" });
      expect(admin.body).toEqual({ key: "username", value: "app", encoding: "utf8" });
    } finally {
      await setRevealRole({ ...owner, requestId: randomUUID() }, "editor");
    }
    const [row] = await auditRowsOf(fresh.db, owner.requestId);
    expect(row).toMatchObject({
      action: "org.reveal_policy",
      outcome: { outcome: "success", detail: "reveal role editor→admin" },
    });
  });

  it("names a key the Secret does not have", async () => {
    const missing = await call(org.tokens.editor, "POST", `${secretPath("db")}/reveal`, { key: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { path: "key" } });
  });
});

describe("typed Secret writes", () => {
  it("creates an Opaque Secret, then reports which keys an edit adds, changes and removes — by name", async () => {
    const created = await call(org.tokens.editor, "PUT", secretPath("api"), {
      type: "Opaque",
      data: { token: "first-value", region: "eu" },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      created: true,
      keys: { added: ["token", "region"], changed: [], removed: [] },
    });
    const edited = await call(org.tokens.editor, "PUT", secretPath("api"), {
      type: "Opaque",
      data: { token: "second-value", extra: "x" },
      removeKeys: ["region"],
    });
    expect(edited.body).toMatchObject({
      created: false,
      keys: { added: ["extra"], changed: ["token"], removed: ["region"] },
    });
    const stored = JSON.parse(await kubectl(cluster, ["get", "secret", "api", "-n", namespace, "-o", "json"]));
    expect(Buffer.from(stored.data.token, "base64").toString()).toBe("second-value");
    expect(Object.keys(stored.data).sort()).toEqual(["extra", "token"]);
    expect(edited.text).not.toContain("second-value");
    const [row] = await auditRowsOf(fresh.db, edited.requestId);
    expect(row?.outcome?.detail).toBe("updated; keys added extra; changed token; removed region");
  });

  it("creates a TLS Secret and shows its certificate's subject and expiry", async () => {
    const { cert, key } = await selfSignedCertificate("shop.example.test");
    const created = await call(org.tokens.editor, "PUT", secretPath("tls"), {
      type: "kubernetes.io/tls",
      data: { "tls.crt": cert, "tls.key": key },
    });
    expect(created.status).toBe(200);
    const metadata = await call(org.tokens.viewer, "GET", secretPath("tls"));
    expect(metadata.body).toMatchObject({
      type: "kubernetes.io/tls",
      certificate: { subject: "CN=shop.example.test" },
    });
    const notAfter = Date.parse((metadata.body.certificate as { notAfter: string }).notAfter);
    expect(notAfter).toBeGreaterThan(Date.now() + 20 * 86_400_000);
    const broken = await call(org.tokens.editor, "PUT", secretPath("tls2"), {
      type: "kubernetes.io/tls",
      data: { "tls.crt": "not a certificate", "tls.key": key },
    });
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ error: { path: "data.tls.crt" } });
    expect(broken.text).not.toContain("PRIVATE KEY");
  });

  it("builds docker registry and basic-auth Secrets from their fields", async () => {
    const docker = await call(org.tokens.editor, "PUT", secretPath("registry"), {
      type: "kubernetes.io/dockerconfigjson",
      data: { registry: "registry.example.test", username: "ci", password: "pw-123" },
    });
    expect(docker.body).toMatchObject({ keys: { added: [".dockerconfigjson"] } });
    const stored = JSON.parse(await kubectl(cluster, ["get", "secret", "registry", "-n", namespace, "-o", "json"]));
    const config = JSON.parse(Buffer.from(stored.data[".dockerconfigjson"], "base64").toString());
    expect(config.auths["registry.example.test"]).toMatchObject({ username: "ci", auth: btoa("ci:pw-123") });
    const basic = await call(org.tokens.editor, "PUT", secretPath("basic"), {
      type: "kubernetes.io/basic-auth",
      data: { username: "ops", password: "pw-456" },
    });
    expect(basic.body).toMatchObject({ created: true, keys: { added: ["username", "password"] } });
  });
});

describe("YAML for any kind", () => {
  const objectPath = (name: string) => `/api/v1/clusters/${org.clusterId}/resources/configmaps/${namespace}/${name}`;
  const manifest = (data: Record<string, string>, resourceVersion?: string) =>
    [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: settings",
      ...(resourceVersion ? [`  resourceVersion: "${resourceVersion}"`] : []),
      "data:",
      ...Object.entries(data).map(([key, value]) => `  ${key}: "${value}"`),
    ].join("\n");

  it("creates from YAML after a dry run that stores nothing", async () => {
    const dry = await call(org.tokens.editor, "POST", `${objectPath("settings")}?dryRun=true`, {
      yaml: manifest({ mode: "blue" }),
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, object: { data: { mode: "blue" } } });
    await expect(kubectl(cluster, ["get", "configmap", "settings", "-n", namespace])).rejects.toThrow();
    expect(await auditRowsOf(fresh.db, dry.requestId)).toEqual([]);
    const created = await call(org.tokens.editor, "POST", objectPath("settings"), { yaml: manifest({ mode: "blue" }) });
    expect(created.status).toBe(200);
  });

  it("updates with the resourceVersion: dry-run diff first, then apply; a stale version is a 409", async () => {
    const version = await kubectl(cluster, [
      "get",
      "configmap",
      "settings",
      "-n",
      namespace,
      "-o",
      "jsonpath={.metadata.resourceVersion}",
    ]);
    const dry = await call(org.tokens.editor, "PUT", `${objectPath("settings")}?dryRun=true`, {
      yaml: manifest({ mode: "green" }, version),
    });
    expect(dry.status).toBe(200);
    expect(dry.body.diff).toContain("-  mode: blue");
    expect(dry.body.diff).toContain("+  mode: green");
    expect(
      await kubectl(cluster, ["get", "configmap", "settings", "-n", namespace, "-o", "jsonpath={.data.mode}"]),
    ).toBe("blue");
    const applied = await call(org.tokens.editor, "PUT", objectPath("settings"), {
      yaml: manifest({ mode: "green" }, version),
    });
    expect(applied.status).toBe(200);
    expect(
      await kubectl(cluster, ["get", "configmap", "settings", "-n", namespace, "-o", "jsonpath={.data.mode}"]),
    ).toBe("green");
    const stale = await call(org.tokens.editor, "PUT", objectPath("settings"), {
      yaml: manifest({ mode: "red" }, version),
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "CONFLICT" } });
    const unversioned = await call(org.tokens.editor, "PUT", objectPath("settings"), {
      yaml: manifest({ mode: "red" }),
    });
    expect(unversioned.body).toMatchObject({ error: { code: "INVALID_INPUT", path: "metadata.resourceVersion" } });
    const [row] = await auditRowsOf(fresh.db, applied.requestId);
    expect(row).toMatchObject({ action: "resource.update", kind: "ConfigMap", outcome: { outcome: "success" } });
  });

  it("refuses YAML writes of Secrets (their values would be wiped) and names a wrong kind", async () => {
    const secretYaml = await call(
      org.tokens.editor,
      "PUT",
      `/api/v1/clusters/${org.clusterId}/resources/secrets/${namespace}/db`,
      { yaml: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  resourceVersion: '1'\n" },
    );
    expect(secretYaml.status).toBe(422);
    expect(secretYaml.body).toMatchObject({ error: { path: "kind" } });
    const wrongKind = await call(org.tokens.editor, "POST", objectPath("other"), {
      yaml: "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\n",
    });
    expect(wrongKind.body).toMatchObject({ error: { code: "INVALID_INPUT", path: "kind" } });
  });

  it("deletes after a dry run that deletes nothing", async () => {
    const dry = await call(org.tokens.editor, "DELETE", `${objectPath("settings")}?dryRun=true`);
    expect(dry.status).toBe(200);
    await kubectl(cluster, ["get", "configmap", "settings", "-n", namespace]);
    const deleted = await call(org.tokens.editor, "DELETE", objectPath("settings"));
    expect(deleted.status).toBe(200);
    await expect(kubectl(cluster, ["get", "configmap", "settings", "-n", namespace])).rejects.toThrow();
    const [row] = await auditRowsOf(fresh.db, deleted.requestId);
    expect(row).toMatchObject({ action: "resource.delete", name: "settings", outcome: { outcome: "success" } });
  });
});

describe("the canary", () => {
  it("appears only in the reveal answer: no other response, socket frame, log line or database row", async () => {
    // Touch the Secret once more so the watch carries a MODIFIED frame of it too.
    await kubectl(cluster, ["annotate", "secret", "db", "-n", namespace, "touched=yes"]);
    await watcher.until(
      () => watcher.deltaTypes.some((delta) => delta.type === "MODIFIED" && delta.name === "db"),
      "the annotated Secret",
    );
    const object = await call(
      org.tokens.editor,
      "GET",
      `/api/v1/clusters/${org.clusterId}/resources/secrets/${namespace}/db`,
    );
    const list = await call(
      org.tokens.editor,
      "GET",
      `/api/v1/clusters/${org.clusterId}/resources/secrets?namespace=${namespace}`,
    );
    expect(object.status).toBe(200);
    expect(list.status).toBe(200);
    expect(revealAnswers.join("")).toContain(CANARY);
    const places = {
      responses: answers.map((answer) => answer.text).join("\n"),
      frames: watcher.frames.join("\n"),
      log: logLines.join("\n"),
      database: await dumpDatabase(fresh.url),
    };
    expect(places.responses).toContain('"db"');
    expect(places.frames).toContain('"db"');
    expect(places.database).toContain("secret.reveal");
    for (const [place, text] of Object.entries(places)) {
      for (const form of CANARY_FORMS) expect(text.includes(form), `${place} holds the canary`).toBe(false);
    }
  });
});

async function selfSignedCertificate(commonName: string): Promise<{ cert: string; key: string }> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "ops-tls-"));
  const [cert, key] = [path.join(directory, "tls.crt"), path.join(directory, "tls.key")];
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "30",
    "-subj",
    `/CN=${commonName}`,
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  return { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8") };
}
