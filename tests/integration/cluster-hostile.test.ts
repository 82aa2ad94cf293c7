/**
 * Hostile kubeconfigs at the service level (docs/security.md §1): addCluster refuses each with 422 at
 * the field's path, stores nothing (no cluster row, no cluster.create audit row) and opens no
 * connection — neither through node's connect functions nor to the loopback listener each hostile
 * kubeconfig names as its server (or proxy, or OIDC issuer). The clouds' own kubeconfigs (EKS, GKE,
 * AKS exec plugins) are refused the same way, naming the connector that fits, and run nothing.
 * The outbound policy refuses loopback unless allowed, and metadata addresses always.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/server/auth/actor";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { addCluster, updateCluster } from "@/lib/server/clusters/service";
import type { AddClusterInput, ConnectorInput } from "@/lib/validations/clusters";
import { readTestClusters } from "../support/clusters";
import {
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
  startListener,
} from "../support/cluster-fixtures";
import { type CloudWorld, newAwsUser, newEntraApp, startCloudWorld } from "../support/cloud/cloud-world";
import { setCloudEnv } from "../support/cloud/env";
import { useFreshDatabase } from "../support/database";

// The same fixtures as tests/unit/kubeconfig.test.ts.
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/kubeconfig");
const b64 = (text: string) => Buffer.from(text).toString("base64");
const pem = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const CA = b64(pem("ca.crt"));
const CLIENT_CERT = b64(pem("client.crt"));
const CLIENT_KEY = b64(pem("client.key"));
const OTHER_KEY = b64(pem("other.key"));
const TOKEN = "pilothouse-hostile-token.abcdef0123456789";

// The CommonJS module objects: what node's https agent and everything else call through.
const require = createRequire(import.meta.url);
const net = require("node:net") as typeof import("node:net");
const tls = require("node:tls") as typeof import("node:tls");
const http = require("node:http") as typeof import("node:http");
const https = require("node:https") as typeof import("node:https");
const childProcess = require("node:child_process") as typeof import("node:child_process");

const CORPUS = path.resolve(import.meta.dirname, "../fixtures/kubeconfig/corpus");

type Listener = Awaited<ReturnType<typeof startListener>>;

describe("hostile kubeconfigs through addCluster", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: OrgContext;
  let trap: Listener;
  let scratch: string;
  let sentinel: string;
  let pwned: string;
  let spies: ReturnType<typeof vi.spyOn>[] = [];
  let socketSpies: ReturnType<typeof vi.spyOn>[] = [];
  let processSpies: ReturnType<typeof vi.spyOn>[] = [];

  beforeAll(async () => {
    // Loopback is allowed, so only the kubeconfig checks stand between a hostile file and the trap.
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { role: "editor" });
    trap = await startListener();
    scratch = mkdtempSync(path.join(tmpdir(), "pilothouse-hostile-"));
    sentinel = path.join(scratch, "sentinel-token");
    pwned = path.join(scratch, "pwned");
    writeFileSync(sentinel, "stolen-from-disk");
  });
  afterAll(async () => {
    await trap?.close();
    rmSync(scratch, { recursive: true, force: true });
    await fresh?.drop();
  });

  /** Record (and let through) every way to open a connection or spawn a process. */
  beforeEach(() => {
    const spyOn = (targets: [object, string[]][]) =>
      targets.flatMap(([object, names]) =>
        names.map((name) => vi.spyOn(object as Record<string, (...args: unknown[]) => unknown>, name)),
      );
    socketSpies = spyOn([
      [net, ["connect", "createConnection"]],
      [tls, ["connect"]],
    ]);
    processSpies = spyOn([
      [childProcess, ["spawn", "exec", "execSync", "execFile", "execFileSync", "spawnSync", "fork"]],
    ]);
    spies = [
      ...socketSpies,
      ...processSpies,
      ...spyOn([
        [http, ["request", "get"]],
        [https, ["request", "get"]],
      ]),
    ];
  });
  afterEach(() => {
    spies.forEach((spy) => spy.mockRestore());
    spies = socketSpies = processSpies = [];
  });
  const connectionCalls = () => spies.reduce((total, spy) => total + spy.mock.calls.length, 0);
  const spawnCalls = () => processSpies.reduce((total, spy) => total + spy.mock.calls.length, 0);
  /** Where each socket was opened to, from the calls to net.connect, net.createConnection and tls.connect. */
  const connectTargets = () =>
    socketSpies.flatMap((spy) =>
      spy.mock.calls.map((args: unknown[]) => {
        const [first, second] = args as [unknown, unknown];
        const options = (typeof first === "object" && first !== null ? first : { port: first, host: second }) as {
          host?: unknown;
          port?: unknown;
        };
        return { host: String(options.host ?? "localhost"), port: String(options.port) };
      }),
    );

  // --- Kubeconfig builders (as in the unit suite), with the trap as the server ----------------

  type Parts = { cluster?: unknown; user?: unknown; context?: unknown; top?: Record<string, unknown> };
  const goodCluster = () => ({ server: trap.url, "certificate-authority-data": CA });
  const goodUser = () => ({ token: TOKEN });
  function kubeconfig(parts: Parts = {}): string {
    return stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "prod",
      clusters: [{ name: "prod-cluster", cluster: "cluster" in parts ? parts.cluster : goodCluster() }],
      users: [{ name: "prod-user", user: "user" in parts ? parts.user : goodUser() }],
      contexts: [
        { name: "prod", context: "context" in parts ? parts.context : { cluster: "prod-cluster", user: "prod-user" } },
      ],
      ...parts.top,
    });
  }
  const withUser = (extra: Record<string, unknown>) => kubeconfig({ user: { ...goodUser(), ...extra } });
  const withCluster = (extra: Record<string, unknown>) => kubeconfig({ cluster: { ...goodCluster(), ...extra } });

  /** Each case is built lazily: the trap's port and the sentinel path exist only after beforeAll. */
  const HOSTILE: [label: string, build: () => string, path: string][] = [
    [
      "exec",
      () =>
        withUser({
          exec: { apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: ["-c", `touch ${pwned}`] },
        }),
      "users[0].user.exec",
    ],
    [
      "exec as `aws eks update-kubeconfig` writes it",
      () =>
        kubeconfig({
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "aws",
              args: ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "prod"],
              env: [{ name: "AWS_PROFILE", value: "prod" }],
            },
          },
        }),
      "users[0].user.exec",
    ],
    [
      "auth-provider gcp",
      () =>
        kubeconfig({
          user: {
            "auth-provider": { name: "gcp", config: { "cmd-path": "/bin/sh", "cmd-args": `-c "touch ${pwned}"` } },
          },
        }),
      "users[0].user.auth-provider",
    ],
    [
      "auth-provider oidc with the trap as issuer",
      () =>
        kubeconfig({
          user: {
            "auth-provider": {
              name: "oidc",
              config: { "idp-issuer-url": `http://127.0.0.1:${trap.port}/`, "client-id": "k", "refresh-token": "r" },
            },
          },
        }),
      "users[0].user.auth-provider",
    ],
    ["token-file", () => kubeconfig({ user: { "token-file": sentinel } }), "users[0].user.token-file"],
    [
      "client-certificate (a path)",
      () => kubeconfig({ user: { "client-certificate": sentinel, "client-key-data": CLIENT_KEY } }),
      "users[0].user.client-certificate",
    ],
    [
      "client-key (a path)",
      () => kubeconfig({ user: { "client-certificate-data": CLIENT_CERT, "client-key": sentinel } }),
      "users[0].user.client-key",
    ],
    [
      "certificate-authority (a path)",
      () => kubeconfig({ cluster: { server: trap.url, "certificate-authority": sentinel } }),
      "clusters[0].cluster.certificate-authority",
    ],
    [
      "proxy-url to the trap",
      () => withCluster({ "proxy-url": `http://127.0.0.1:${trap.port}` }),
      "clusters[0].cluster.proxy-url",
    ],
    [
      "insecure-skip-tls-verify",
      () => withCluster({ "insecure-skip-tls-verify": true }),
      "clusters[0].cluster.insecure-skip-tls-verify",
    ],
    [
      "a plain-http server",
      () => kubeconfig({ cluster: { server: `http://127.0.0.1:${trap.port}` } }),
      "clusters[0].cluster.server",
    ],
    [
      "a server URL with credentials",
      () => kubeconfig({ cluster: { server: `https://admin:hunter2@127.0.0.1:${trap.port}` } }),
      "clusters[0].cluster.server",
    ],
    ["impersonation (as)", () => withUser({ as: "system:admin" }), "users[0].user.as"],
    ["impersonation (as-groups)", () => withUser({ "as-groups": ["system:masters"] }), "users[0].user.as-groups"],
    ["basic auth", () => kubeconfig({ user: { username: "admin", password: "hunter2" } }), "users[0].user.username"],
    [
      "a client certificate without its key",
      () => kubeconfig({ user: { "client-certificate-data": CLIENT_CERT } }),
      "users[0].user.client-key-data",
    ],
    [
      "a key that does not match the certificate",
      () => kubeconfig({ user: { "client-certificate-data": CLIENT_CERT, "client-key-data": OTHER_KEY } }),
      "users[0].user.client-key-data",
    ],
    [
      "a token with a header injection",
      () => kubeconfig({ user: { token: "abc\r\nX-Injected: 1" } }),
      "users[0].user.token",
    ],
    [
      "a YAML alias bomb",
      () =>
        `${kubeconfig()}a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n`,
      "a",
    ],
    [
      "a custom YAML tag",
      () => kubeconfig().replace(`token: ${TOKEN}`, `token: !!binary aGVsbG8=`),
      "users[0].user.token",
    ],
    ["two documents", () => `${kubeconfig()}---\n${kubeconfig()}`, "kubeconfig"],
    ["more than 64 KiB", () => `${kubeconfig()}# ${"x".repeat(64 * 1024)}\n`, "kubeconfig"],
    [
      "an unknown top-level field",
      () => kubeconfig({ top: { "proxy-url": `http://127.0.0.1:${trap.port}` } }),
      "proxy-url",
    ],
    [
      "an exec that looks like the AWS CLI but runs a shell",
      () => withUser({ exec: { command: "/bin/sh", args: ["-c", `aws eks get-token; touch ${pwned}`] } }),
      "users[0].user.exec",
    ],
  ];

  /**
   * The one audit row a refused registration leaves (docs/decisions/0063): the attempt, with
   * outcome `failure` for a refused kubeconfig or field and `denied` for a refused address, and
   * neither the credential nor anything read from disk.
   */
  async function expectAttemptAudited(requestId: string, outcome: "failure" | "denied") {
    const rows = await fresh.db.auditEvent.findMany({ where: { requestId }, include: { outcome: true } });
    expect(rows.map((row) => [row.action, row.outcome?.outcome])).toEqual([["cluster.create", outcome]]);
    const text = JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/stolen-from-disk|hunter2/);
  }

  async function expectRefusedAt(input: AddClusterInput, fieldPath: string, outcome: "failure" | "denied" = "failure") {
    const clustersBefore = await fresh.db.cluster.count();
    const acceptedBefore = trap.accepted();
    const request = nextRequest(context);
    const error = await addCluster(request, input).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error, "addCluster must refuse").toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect({ code: appError.code, status: appError.status, path: appError.path }).toEqual({
      code: "INVALID_INPUT",
      status: 422,
      path: fieldPath,
    });
    expect(appError.message).not.toMatch(/stolen-from-disk|hunter2/);
    expect(appError.message).not.toContain(TOKEN);
    // Nothing stored but the audited attempt: no cluster row.
    expect(await fresh.db.cluster.count()).toBe(clustersBefore);
    await expectAttemptAudited(request.requestId, outcome);
    // No connection: neither through node's connect functions nor at the trap.
    expect(connectionCalls()).toBe(0);
    expect(trap.accepted()).toBe(acceptedBefore);
    return appError;
  }

  it.each(HOSTILE)("refuses %s at its path, storing nothing, connecting nowhere", async (_label, build, fieldPath) => {
    await expectRefusedAt({ name: "hostile", kubeconfig: build() }, fieldPath);
    expect(existsSync(pwned)).toBe(false);
  });

  it("refuses a hostile kubeconfig as a rotation too, leaving the cluster as it was", async () => {
    const view = await addCluster(nextRequest(context), { name: "rotate-me", kubeconfig: kubeconfig() });
    const before = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
    const request = nextRequest(context);
    const error = await updateCluster(request, view.id, {
      credential: { kubeconfig: kubeconfig({ user: { "token-file": sentinel } }) },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INVALID_INPUT", path: "users[0].user.token-file" });
    expect(await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } })).toEqual(before);
    const [attempt, ...more] = await fresh.db.auditEvent.findMany({
      where: { requestId: request.requestId },
      include: { outcome: true },
    });
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({ action: "cluster.update", clusterId: view.id, outcome: { outcome: "failure" } });
    expect(attempt!.outcome!.detail).toMatch(/^INVALID_INPUT: .*\(token-file\)/);
    expect(connectionCalls()).toBe(0);
    await fresh.db.cluster.delete({ where: { id: view.id } });
  });

  describe("the clouds' own kubeconfigs", () => {
    it.each([
      ["eks.yaml", "eks"],
      ["eks-eksctl.yaml", "eks"],
      ["gke.yaml", "gke"],
      ["aks.yaml", "aks"],
      ["aks-azurecli.yaml", "aks"],
    ])("refuses %s without running or connecting anything, naming the %s connector", async (file, type) => {
      const error = await expectRefusedAt(
        { name: "cloud", kubeconfig: readFileSync(path.join(CORPUS, file), "utf8") },
        "users[0].user.exec",
      );
      expect(error.problems?.[0]?.connector?.type).toBe(type);
      expect(error.message).toMatch(/signs in to (Amazon EKS|Google GKE|Azure AKS) by running a command/);
    });
  });

  describe("the token form", () => {
    it.each([
      ["a token with a line break", { token: "abc\nX-Injected: 1" }, "token"],
      ["a CA that is not a certificate", { certificateAuthority: "not a certificate" }, "certificateAuthority"],
      ["a plain-http server", { server: "http://127.0.0.1:PORT" }, "server"],
      ["a server that is not a URL", { server: "cluster.example.com:6443" }, "server"],
    ])("refuses %s", async (_label, override, fieldPath) => {
      const input = { name: "form", server: trap.url, token: TOKEN, ...override };
      input.server = input.server.replace("PORT", String(trap.port));
      await expectRefusedAt(input, fieldPath);
    });
  });

  describe("addresses (outbound policy)", () => {
    afterEach(() => setClusterEnv({ allowed: "127.0.0.1/32" }));

    it("with PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS unset, refuses the loopback test cluster at its server field", async () => {
      setClusterEnv({ allowed: undefined });
      const [cluster] = readTestClusters();
      if (!cluster) throw new Error("no real test clusters: run through the integration project");
      expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const error = await expectRefusedAt(
        { name: "loopback", kubeconfig: readKubeconfigs(cluster).viewer },
        "clusters[0].cluster.server",
        "denied",
      );
      // Who can change it, in words; the setting's name is for the operator's docs and log, not the user.
      expect(error.message).toBe(
        "The server 127.0.0.1 is a loopback address, which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network.",
      );
      // The same through the token form, and with a name that resolves to loopback.
      await expectRefusedAt({ name: "loopback", server: cluster.server, token: TOKEN }, "server", "denied");
      await expectRefusedAt(
        { name: "loopback", server: cluster.server.replace("127.0.0.1", "localhost"), token: TOKEN },
        "server",
        "denied",
      );
    });

    it.each(["https://169.254.169.254", "https://[::ffff:169.254.169.254]", "https://[fe80::1]:6443"])(
      "refuses %s even when 0.0.0.0/0 and ::/0 are allowed",
      async (server) => {
        setClusterEnv({ allowed: "0.0.0.0/0,::/0" });
        const error = await expectRefusedAt(
          { name: "metadata", kubeconfig: kubeconfig({ cluster: { server, "certificate-authority-data": CA } }) },
          "clusters[0].cluster.server",
          "denied",
        );
        expect(error.message).toMatch(/^The server \S+ is a link-local address.*; Pilothouse never connects there\.$/);
        await expectRefusedAt({ name: "metadata", server, token: TOKEN }, "server", "denied");
      },
    );
  });

  describe("cloud connectors", () => {
    let world: CloudWorld;
    const awsUser = newAwsUser("arn:aws:iam::111122223333:user/hostile");

    beforeAll(async () => {
      world = await startCloudWorld();
      world.sts.addUser(awsUser);
    });
    beforeEach(() => world.useEnv());
    afterAll(async () => {
      setCloudEnv({});
      await world?.close();
    });

    const eks = (extra: Partial<Extract<ConnectorInput, { type: "eks" }>> = {}): ConnectorInput => ({
      type: "eks",
      clusterName: "hostile",
      region: "us-east-1",
      server: trap.url,
      auth: { method: "accessKey", accessKeyId: awsUser.accessKeyId, secretAccessKey: awsUser.secretAccessKey },
      ...extra,
    });
    const gke = (extra: Partial<Extract<ConnectorInput, { type: "gke" }>> = {}, key?: unknown): ConnectorInput => ({
      type: "gke",
      server: trap.url,
      auth: { method: "serviceAccountKey", key: JSON.stringify(key ?? world.google.createKey("sa@hostile.test")) },
      ...extra,
    });
    const aks = (extra: Partial<Extract<ConnectorInput, { type: "aks" }>> = {}): ConnectorInput => ({
      type: "aks",
      server: trap.url,
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      auth: { method: "clientSecret", clientSecret: "hostile-client-secret" },
      ...extra,
    });

    it.each([
      [
        "an STS endpoint at the metadata address",
        () => eks({ stsEndpoint: "https://169.254.169.254" }),
        "connector.stsEndpoint",
      ],
      [
        "an STS endpoint at the IPv6 metadata address",
        () => eks({ stsEndpoint: "https://[fd00:ec2::254]" }),
        "connector.stsEndpoint",
      ],
      ["an STS endpoint as a hex IP", () => eks({ stsEndpoint: "https://0xa9fea9fe/" }), "connector.stsEndpoint"],
      [
        "an STS endpoint over plain http",
        () => eks({ stsEndpoint: "http://sts.us-east-1.amazonaws.com" }),
        "connector.stsEndpoint",
      ],
      [
        "an STS endpoint that is not AWS's",
        () => eks({ stsEndpoint: "https://sts.us-east-1.amazonaws.com.evil.test" }),
        "connector.stsEndpoint",
      ],
      [
        "a Google token endpoint at the GCE metadata server",
        () =>
          gke({
            tokenEndpoint:
              "https://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token",
          }),
        "connector.tokenEndpoint",
      ],
      [
        "an Entra authority at the metadata address",
        () => aks({ authorityHost: "https://169.254.169.254/metadata/identity" }),
        "connector.authorityHost",
      ],
      ["a server at the metadata address", () => gke({ server: "https://169.254.169.254" }), "connector.server"],
      ["a server at a link-local IPv6 address", () => aks({ server: "https://[fe80::1]:6443" }), "connector.server"],
      ["a server over plain http", () => eks({ server: `http://127.0.0.1:${trap.port}` }), "connector.server"],
      ...(["file", "url", "executable"] as const).map((source): [string, () => ConnectorInput, string] => [
        `a Workload Identity Federation config reading a ${source}`,
        () =>
          gke(
            {},
            {
              type: "external_account",
              audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x",
              subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
              token_url: `http://127.0.0.1:${trap.port}/token`,
              credential_source: {
                file: { file: sentinel },
                url: { url: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" },
                executable: { command: `/bin/sh -c "touch ${pwned}"` },
              }[source],
            },
          ),
        "connector.auth.key",
      ]),
    ])("refuses %s at its field, storing nothing, connecting nowhere", async (label, build, fieldPath) => {
      // Even with every network allowed: metadata and link-local addresses are never reachable.
      setClusterEnv({ allowed: "0.0.0.0/0,::/0" });
      try {
        // A server address the outbound policy refuses is a denial; anything malformed is bad input.
        const outcome = fieldPath === "connector.server" && !/plain http/.test(label) ? "denied" : "failure";
        await expectRefusedAt({ name: "hostile-connector", connector: build() }, fieldPath, outcome);
      } finally {
        setClusterEnv({ allowed: "127.0.0.1/32" });
      }
      expect(existsSync(pwned)).toBe(false);
    });

    it.each([
      ["PILOTHOUSE_AWS_STS_ENDPOINT", "sts", () => eks(), "The endpoint of AWS STS"],
      ["PILOTHOUSE_GOOGLE_TOKEN_ENDPOINT", "googleToken", () => gke(), "The endpoint of the Google token endpoint"],
      ["PILOTHOUSE_AZURE_AUTHORITY_HOST", "azureAuthority", () => aks(), "The endpoint of Microsoft Entra ID"],
    ] as const)(
      "refuses an operator's %s at a link-local address before connecting",
      async (_variable, key, build, subject) => {
        setCloudEnv({
          sts: world.sts.url,
          googleToken: world.google.tokenUrl,
          azureAuthority: world.entra.url,
          [key]: "https://169.254.169.254",
        });
        const error = await testClusterSource(nextRequest(context), { connector: build() }).catch(
          (caught: unknown) => caught,
        );
        expect(error).toMatchObject({ code: "CLUSTER_UNREACHABLE" });
        expect((error as AppError).message).toBe(
          `${subject} 169.254.169.254 is a link-local address, where cloud metadata services live; Pilothouse never connects there.`,
        );
        expect(connectionCalls()).toBe(0);
      },
    );

    it("refuses an endpoint eks:DescribeCluster answers with at the metadata address, storing nothing", async () => {
      world.sts.eksClusters.set("hostile", { endpoint: "https://169.254.169.254", describers: [awsUser.arn] });
      const { server: _server, ...withoutServer } = eks() as Extract<ConnectorInput, { type: "eks" }>;
      const before = await fresh.db.cluster.count();
      const request = nextRequest(context);
      const error = await addCluster(request, { name: "described", connector: withoutServer }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: "INVALID_INPUT", path: "connector.server" });
      expect((error as AppError).message).toMatch(/link-local address/);
      // No cluster row; only the attempt, audited as denied (the outbound policy said no).
      expect(await fresh.db.cluster.count()).toBe(before);
      const rows = await fresh.db.auditEvent.findMany({
        where: { requestId: request.requestId },
        include: { outcome: true },
      });
      expect(rows.map((row) => [row.action, row.outcome?.outcome])).toEqual([["cluster.create", "denied"]]);
      expect(world.sts.calls.at(-1)).toMatchObject({ action: "DescribeCluster", ok: true });
    });

    it("mints through the configured endpoints only: no metadata service, no credential chain, no other host", async () => {
      // Without the tests' own guard, an SDK falling back to its chain would try 169.254.169.254.
      delete process.env.AWS_EC2_METADATA_DISABLED;
      delete process.env.METADATA_SERVER_DETECTION;
      const app = newEntraApp(world.entra);
      const tenantApp: ConnectorInput = {
        ...aks(),
        tenantId: app.tenantId,
        clientId: app.clientId,
        auth: { method: "clientSecret", clientSecret: app.secrets[0]! },
      } as ConnectorInput;
      for (const connector of [eks(), gke(), tenantApp]) {
        const error = await testClusterSource(nextRequest(context), { connector }).catch((caught: unknown) => caught);
        // The trap is the "cluster": the token was minted, then the trap hung up.
        expect((error as AppError).message).toMatch(/^The cluster at 127\.0\.0\.1/);
      }
      const standIns = new Set([world.sts.port, world.google.port, world.entra.port, trap.port].map(String));
      const targets = connectTargets();
      expect(targets.length).toBeGreaterThan(0);
      expect(targets.filter(({ host, port }) => host !== "127.0.0.1" || !standIns.has(port))).toEqual([]);
      expect(spawnCalls()).toBe(0);
    });
  });

  describe("the traps themselves", () => {
    it("see a connection when one is made (so zero means something)", async () => {
      // A clean kubeconfig aimed at the trap registers without connecting…
      const view = await addCluster(nextRequest(context), { name: "clean", kubeconfig: kubeconfig() });
      expect(connectionCalls()).toBe(0);
      const acceptedBefore = trap.accepted();
      // …and testing it does connect: both the spies and the listener notice.
      await expect(testClusterSource(nextRequest(context), { kubeconfig: kubeconfig() })).rejects.toMatchObject({
        code: "CLUSTER_UNREACHABLE",
      });
      expect(connectionCalls()).toBeGreaterThan(0);
      expect(trap.accepted()).toBeGreaterThan(acceptedBefore);
      await fresh.db.cluster.delete({ where: { id: view.id } });
    });
  });
});
