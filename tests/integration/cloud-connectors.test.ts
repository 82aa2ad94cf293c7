/**
 * Cloud connectors against a REAL test kube-apiserver (docs/cloud-clusters.md). No cloud is
 * reachable here, so STS, Google's token endpoint and Entra ID are loopback stand-ins, and the
 * apiserver's webhook token authentication asks a stand-in authenticator that does what
 * aws-iam-authenticator, GKE and AKS do. The cluster, RBAC, the SDKs and the token path are real.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { AKS_SERVER_APP_ID } from "@/lib/server/cloud/aks";
import { getClusterConnection } from "@/lib/server/clusters/clients";
import { openCredential } from "@/lib/server/clusters/credentials";
import { checkCluster } from "@/lib/server/clusters/health";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { addCluster, getClusterOrThrow, updateCluster } from "@/lib/server/clusters/service";
import type { ClusterConnection } from "@/lib/server/k8s/connection";
import { openStream } from "@/lib/server/k8s/http-guard";
import { createWatchHub, type WatchHub } from "@/lib/server/k8s/watch-hub";
import { configMap } from "@/lib/resources/kinds/config-map";
import { callCluster } from "@/lib/server/k8s/request";
import type { ConnectorInput } from "@/lib/validations/clusters";
import { POST as createRoute } from "@/app/api/v1/clusters/route";
import { POST as testRoute } from "@/app/api/v1/clusters/test/route";
import { PATCH as patchRoute } from "@/app/api/v1/clusters/[id]/route";
import { GET as externalIdRoute } from "@/app/api/v1/clusters/connectors/eks/external-id/route";
import { type AuditMark, markAuditLog, waitForAuditEvents } from "../support/apiserver-audit";
import { readTestClusters } from "../support/clusters";
import {
  callApiRoute,
  caPemOf,
  createOrgContext,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { type CloudWorld, newAwsUser, newEntraApp, startCloudWorld } from "../support/cloud/cloud-world";
import { canonicalArn } from "../support/cloud/sts-stand-in";
import { startTokenWebhook, type TokenWebhook } from "../support/cloud/token-webhook";
import { useFreshDatabase } from "../support/database";
import { hubState, kindView, watchAsViewer } from "../support/watch-fixtures";

// The routes are called with bearer tokens; next-auth (the cookie path) needs Next's runtime.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

const [cluster] = readTestClusters();
const RUN = randomBytes(4).toString("hex");
const EKS_NAME = "pilothouse-test";
const REGION = "eu-west-1";
const VIEWERS = "pilothouse:cloud-viewers";
const CUSTOMER_ROLE = "arn:aws:iam::444455556666:role/pilothouse-customer";
const GKE_EMAIL = `viewer-${RUN}@pilothouse-test.iam.gserviceaccount.com`;
/** Short lifetimes, so a test sees tokens expire and get replaced: the clouds' own are 15-60 min. */
const TOKEN_MAX_AGE_S = 12;
const STAND_IN_TOKEN_LIFETIME_S = 20;
const HUB_CONVERGE = { timeout: 30_000, interval: 100 };

type Eks = Extract<ConnectorInput, { type: "eks" }>;
type Gke = Extract<ConnectorInput, { type: "gke" }>;
type Aks = Extract<ConnectorInput, { type: "aks" }>;
type WatchEvent = { type: string; object: { metadata: { name: string; resourceVersion: string } } };

describe("cloud connectors against a real cluster", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: OrgContext;
  let world: CloudWorld;
  let webhook: TokenWebhook;
  let admin: KubeConfig;
  let caPem: string;
  let apiToken: string;
  const eksUser = newAwsUser("arn:aws:iam::111122223333:user/pilothouse-eks");
  let gkeKey: string;
  let aksApp: ReturnType<typeof newEntraApp>;
  let aksCertApp: ReturnType<typeof newEntraApp>;
  const bindings: string[] = [];

  beforeAll(async () => {
    if (!cluster) throw new Error("no real test clusters: run through the integration project");
    caPem = caPemOf(readKubeconfigs(cluster).token);
    setClusterEnv({ masterKey: newMasterKey(), previousKeys: [], allowed: "127.0.0.1/32" });
    world = await startCloudWorld();
    world.useEnv({ assumeRole: "on", tokenMaxAge: TOKEN_MAX_AGE_S });
    world.sts.presignedLifetimeMs = STAND_IN_TOKEN_LIFETIME_S * 1000;
    world.google.tokenLifetimeSeconds = STAND_IN_TOKEN_LIFETIME_S;
    world.entra.tokenLifetimeSeconds = STAND_IN_TOKEN_LIFETIME_S;
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { role: "editor" });
    const { awsExternalId } = await fresh.db.organization.findUniqueOrThrow({ where: { id: context.orgId } });
    apiToken = (
      await issueApiToken({ userId: context.actor.userId, orgId: context.orgId, name: "cloud", expiresAt: null })
    ).token;

    world.sts.addUser(eksUser);
    world.sts.addRole({ arn: CUSTOMER_ROLE, trusted: [world.base.arn], externalId: awsExternalId });
    gkeKey = JSON.stringify(world.google.createKey(GKE_EMAIL));
    aksApp = newEntraApp(world.entra);
    aksCertApp = newEntraApp(world.entra, { certificatePem: fixture("client.crt") });

    webhook = await startTokenWebhook({
      port: cluster.tokenWebhookPort,
      eksClusterName: EKS_NAME,
      stsHosts: [new URL(world.sts.url).host],
      eksTokenLifetimeMs: STAND_IN_TOKEN_LIFETIME_S * 1000,
      // EKS access entries: the IAM user and the customer's role; the base identity is mapped nowhere.
      awsIdentities: {
        [eksUser.arn]: { username: "eks:access-key-user", groups: [VIEWERS] },
        [CUSTOMER_ROLE]: { username: "eks:customer-role", groups: [VIEWERS] },
      },
      googleTokenInfoUrl: `${world.google.url}/tokeninfo`,
      entra: { publicKeyPem: world.entra.publicKeyPem, issuerPrefix: world.entra.url, audience: AKS_SERVER_APP_ID },
    });
    admin = new KubeConfig();
    admin.loadFromFile(cluster.kubeconfigPaths.admin);
    // RBAC maps each cloud identity to the built-in `view` role.
    await bind(`pilothouse-cloud-view-${RUN}`, "view", [
      { kind: "Group", name: VIEWERS },
      { kind: "User", name: GKE_EMAIL },
      { kind: "User", name: aksApp.objectId },
      { kind: "User", name: aksCertApp.objectId },
    ]);
  });

  afterAll(async () => {
    const rbac = admin?.makeApiClient(RbacAuthorizationV1Api);
    for (const name of bindings) await rbac?.deleteClusterRoleBinding({ name }).catch(() => undefined);
    await webhook?.close();
    await world?.close();
    await fresh?.drop();
  });

  async function bind(name: string, role: string, subjects: { kind: "User" | "Group"; name: string }[]) {
    await admin.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
      body: {
        metadata: { name, labels: { "app.kubernetes.io/part-of": "pilothouse-tests" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
        subjects: subjects.map((subject) => ({ ...subject, apiGroup: "rbac.authorization.k8s.io" })),
      },
    });
    bindings.push(name);
  }

  // --- Connector inputs ------------------------------------------------------------------------

  const eksWithKey = (overrides: Partial<Eks> = {}): Eks => ({
    type: "eks",
    clusterName: EKS_NAME,
    region: REGION,
    server: cluster!.server,
    certificateAuthority: caPem,
    auth: { method: "accessKey", accessKeyId: eksUser.accessKeyId, secretAccessKey: eksUser.secretAccessKey },
    ...overrides,
  });
  const eksAssumingRole = (roleArn = CUSTOMER_ROLE): Eks => ({
    ...eksWithKey(),
    auth: { method: "assumeRole", roleArn },
  });
  const gke = (key = gkeKey): Gke => ({
    type: "gke",
    server: cluster!.server,
    certificateAuthority: caPem,
    auth: { method: "serviceAccountKey", key },
  });
  const aksWithSecret = (app = aksApp, secret = app.secrets[0]!): Aks => ({
    type: "aks",
    server: cluster!.server,
    certificateAuthority: caPem,
    tenantId: app.tenantId,
    clientId: app.clientId,
    auth: { method: "clientSecret", clientSecret: secret },
  });
  const aksWithCertificate = (): Aks => ({
    ...aksWithSecret(aksCertApp),
    auth: { method: "clientCertificate", certificate: `${fixture("client.crt")}${fixture("client.key")}` },
  });

  const CONNECTORS: [label: string, build: () => ConnectorInput, username: () => string][] = [
    ["EKS with an access key", () => eksWithKey(), () => "eks:access-key-user"],
    ["EKS assuming the customer's role with the org's ExternalId", () => eksAssumingRole(), () => "eks:customer-role"],
    ["GKE with a service-account key", () => gke(), () => GKE_EMAIL],
    ["AKS with a client secret", () => aksWithSecret(), () => aksApp.objectId],
    ["AKS with a client certificate", () => aksWithCertificate(), () => aksCertApp.objectId],
  ];

  /** Call a route handler as the API would be called, with the org's API token. */
  function call<P extends Record<string, string>>(
    handler: Parameters<typeof callApiRoute<P>>[1],
    method: string,
    urlPath: string,
    options: { body?: unknown; params?: P } = {},
  ) {
    return callApiRoute(apiToken, handler, method, urlPath, options);
  }

  /** A write the test makes itself: once it is in the audit log, every earlier event is too. */
  async function writeMarkerAndWait(mark: AuditMark) {
    const name = `audit-marker-${RUN}-${randomBytes(3).toString("hex")}`;
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: "kube-public", body: { metadata: { name } } });
    try {
      const events = await waitForAuditEvents(mark, (seen) => seen.some((event) => event.objectRef?.name === name));
      return { events, marker: name };
    } finally {
      await core.deleteNamespacedConfigMap({ namespace: "kube-public", name });
    }
  }

  /** Tests register the same identities on the one test cluster again and again: duplicates are confirmed. */
  async function register(name: string, connector: ConnectorInput) {
    const view = await addCluster(nextRequest(context), { name, connector }, { allowDuplicate: true });
    return { view, connection: await getClusterConnection(await getClusterOrThrow(context.orgId, view.id)) };
  }

  async function listPods(connection: ClusterConnection, namespace = "shop") {
    return callCluster<{ items: { metadata: { name: string } }[] }>(connection, {
      path: `/api/v1/namespaces/${namespace}/pods?limit=50`,
    });
  }

  // --- Registration, pods, watches -------------------------------------------------------------

  describe.each(CONNECTORS)("%s", (label, build, username) => {
    it("registers the cluster, lists its pods as the cloud identity and is healthy, writing nothing", async () => {
      const reviewsBefore = webhook.reviews.length;
      const mark = markAuditLog(cluster!);
      const { view, connection } = await register(`${label.slice(0, 40)} ${RUN}`, build());
      expect(view.connector?.type).toBe(build().type);
      expect(secretsOf(build()).filter((secret) => JSON.stringify(view).includes(secret))).toEqual([]);
      const pods = await listPods(connection);
      expect(pods.items.map((pod) => pod.metadata.name).some((pod) => pod.startsWith("web-"))).toBe(true);
      // The apiserver asked the authenticator, which named the cloud identity RBAC then judged.
      const reviews = webhook.reviews.slice(reviewsBefore).filter((review) => review.authenticated);
      expect(reviews.map((review) => review.username)).toContain(username());
      const health = await checkCluster(await getClusterOrThrow(context.orgId, view.id));
      expect(health).toMatchObject({ status: "healthy", version: "v1.20.2", lastError: null });
      // The apiserver's own audit log: one marker write by the admin, none by the cloud identity.
      const { events, marker } = await writeMarkerAndWait(mark);
      expect(events.filter((event) => event.objectRef?.name === marker).map((event) => event.verb)).toEqual(["create"]);
      expect(events.filter((event) => event.user.username === username())).toEqual([]);
    });
  });

  describe("token refresh (short lifetimes here; 15 to 60 minutes in the clouds)", () => {
    it.concurrent.for(CONNECTORS)(
      "%s: a watch holds across refreshes without losing events, and a reconnect uses the new token",
      { timeout: 90_000 },
      async ([label, build], { expect }) => {
        const { connection } = await register(`watch ${label.slice(0, 40)} ${RUN}`, build());
        const group = `${RUN}-${randomBytes(3).toString("hex")}`;
        const core = admin.makeApiClient(CoreV1Api);
        const createMap = (suffix: string) =>
          core.createNamespacedConfigMap({
            namespace: "default",
            body: { metadata: { name: `cloud-${group}-${suffix}`, labels: { "pilothouse-cloud-test": group } } },
          });
        const selector = encodeURIComponent(`pilothouse-cloud-test=${group}`);
        const path = (resourceVersion: string) =>
          `/api/v1/namespaces/default/configmaps?watch=1&labelSelector=${selector}&resourceVersion=${resourceVersion}&timeoutSeconds=120`;
        try {
          const list = await callCluster<{ metadata: { resourceVersion: string } }>(connection, {
            path: `/api/v1/namespaces/default/configmaps?labelSelector=${selector}`,
          });
          const firstToken = await connection.tokenProvider!();
          const issuedAt = Date.now();
          const first = await watch(connection, path(list.metadata.resourceVersion));
          await createMap("a");
          await first.waitFor("a");

          // Past the refresh point the connection mints a new token, and requests carry it.
          await waitForNewToken(connection, firstToken);
          await createMap("b");
          await listPods(connection);

          // Once the first token is dead for the cloud too, requests still work (fresh tokens)…
          await sleepUntil(issuedAt + (STAND_IN_TOKEN_LIFETIME_S + 2) * 1000);
          await listPods(connection);
          await createMap("c");
          // …and the watch opened with the first token still delivers every event, in order.
          await first.waitFor("c");
          expect(first.names()).toEqual(["a", "b", "c"]);
          first.close();

          // A reconnect from the last event seen before the refresh replays the rest, with a current token.
          const resumeFrom = first.events.find((event) => event.object.metadata.name.endsWith("-a"))!;
          expect(await connection.tokenProvider!()).not.toBe(firstToken);
          const second = await watch(connection, path(resumeFrom.object.metadata.resourceVersion));
          await createMap("d");
          await second.waitFor("d");
          expect(second.names()).toEqual(["b", "c", "d"]);
          second.close();
        } finally {
          await core.deleteCollectionNamespacedConfigMap({
            namespace: "default",
            labelSelector: `pilothouse-cloud-test=${group}`,
          });
        }
      },
    );
  });

  describe("the watch hub across token refreshes", () => {
    let hub: WatchHub;
    beforeAll(() => {
      // Upstream watches end every 4-5 s, so each view re-opens its watch several times while
      // its tokens are refreshed and the first one dies: every re-open asks for a token again.
      hub = createWatchHub({ loop: { watchTimeoutSeconds: [4, 5] } });
    });
    afterAll(async () => {
      await hub?.close();
    });

    it.concurrent.for(CONNECTORS)(
      "%s: a hub view keeps delivering every event after its token is refreshed and the first one expires",
      { timeout: 90_000 },
      async ([label, build], { expect }) => {
        const { view } = await register(`hub ${label.slice(0, 40)} ${RUN}`, build());
        const group = `${RUN}-${randomBytes(3).toString("hex")}`;
        const core = admin.makeApiClient(CoreV1Api);
        const nameOf = (suffix: string) => `hub-${group}-${suffix}`;
        const createMap = (suffix: string) =>
          core.createNamespacedConfigMap({
            namespace: "default",
            body: { metadata: { name: nameOf(suffix), labels: { "pilothouse-cloud-test": group } } },
          });
        // The tokens the hub's own requests carried (lists and every watch it opened).
        const used: { token: string; at: number }[] = [];
        const handle = hub.acquire({
          clusterId: view.id,
          credentialVersion: view.credentialVersion,
          ...kindView(configMap),
          namespace: "default",
          labelSelector: `pilothouse-cloud-test=${group}`,
          connect: async () => {
            const connection = await getClusterConnection(await getClusterOrThrow(context.orgId, view.id));
            return {
              ...connection,
              tokenProvider: async () => {
                const token = await connection.tokenProvider!();
                used.push({ token, at: Date.now() });
                return token;
              },
            };
          },
        });
        try {
          expect((await handle.firstSync()).state).toBe("live");
          const viewer = watchAsViewer(handle);
          const firstToken = used[0]!.token;
          const issuedAt = used[0]!.at;
          await createMap("a");
          await vi.waitFor(() => expect(viewer.historyOf(nameOf("a"))).toEqual(["ADDED"]), HUB_CONVERGE);

          // Past the refresh point: the hub's next watch carries a new token.
          await vi.waitFor(() => expect(used.some((use) => use.token !== firstToken)).toBe(true), HUB_CONVERGE);
          await createMap("b");
          // Once the first token is dead for the cloud too, the hub re-opens its watch with a live one…
          await sleepUntil(issuedAt + (STAND_IN_TOKEN_LIFETIME_S + 2) * 1000);
          const deadAt = Date.now();
          await vi.waitFor(() => expect(used.some((use) => use.at > deadAt)).toBe(true), HUB_CONVERGE);
          await createMap("c");
          // …and every event arrived exactly once, in order, with the view live throughout.
          await vi.waitFor(() => expect(viewer.historyOf(nameOf("c"))).toEqual(["ADDED"]), HUB_CONVERGE);
          expect(["a", "b", "c"].map((suffix) => viewer.historyOf(nameOf(suffix)))).toEqual([
            ["ADDED"],
            ["ADDED"],
            ["ADDED"],
          ]);
          expect(viewer.statuses.filter((status) => status.state !== "live")).toEqual([]);
          expect(viewer.state()).toEqual(hubState(handle));
          expect(
            hubState(handle)
              .map((row) => row.name)
              .sort(),
          ).toEqual(["a", "b", "c"].map(nameOf));
          expect(new Set(used.map((use) => use.token)).size).toBeGreaterThan(1);
          viewer.stop();
        } finally {
          handle.release();
          await core.deleteCollectionNamespacedConfigMap({
            namespace: "default",
            labelSelector: `pilothouse-cloud-test=${group}`,
          });
        }
      },
    );
  });

  // --- The cloud says no ------------------------------------------------------------------------

  describe("credentials the cloud rejects give a clear error naming the cause", () => {
    async function refusal(connector: ConnectorInput, asker = context) {
      const error = await testClusterSource(nextRequest(asker), { connector }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("CLUSTER_UNREACHABLE");
      return (error as AppError).message;
    }

    it("a wrong ExternalId: another org naming the same role is refused (the confused deputy)", async () => {
      const other = await createOrgContext(fresh.db, { role: "editor" });
      const before = world.sts.calls.length;
      expect(await refusal(eksAssumingRole(), other)).toBe(
        `AWS refused to assume role ${CUSTOMER_ROLE}: the ExternalId does not match, or the role's trust policy does not name Pilothouse's identity (AccessDenied)`,
      );
      expect(world.sts.calls.slice(before)).toEqual([
        { action: "AssumeRole", presigned: false, principal: world.base.arn, ok: false, code: "AccessDenied" },
      ]);
    });

    it("a revoked access key", async () => {
      const doomed = newAwsUser("arn:aws:iam::111122223333:user/pilothouse-doomed");
      world.sts.addUser(doomed);
      const connector = eksWithKey({
        auth: { method: "accessKey", accessKeyId: doomed.accessKeyId, secretAccessKey: doomed.secretAccessKey },
      });
      world.sts.revoke(doomed.accessKeyId);
      expect(await refusal(connector)).toBe(
        "AWS rejected the access key: InvalidClientTokenId (the access key does not exist or was deleted)",
      );
    });

    it("an expired session token", async () => {
      const expired = world.sts.issueSession(CUSTOMER_ROLE, Date.now() - 60_000);
      const connector = eksWithKey({ auth: { method: "accessKey", ...expired } });
      expect(await refusal(connector)).toBe(
        "AWS rejected the access key: ExpiredToken (the session token has expired; supply fresh credentials)",
      );
    });

    it("a deleted service-account key", async () => {
      const key = world.google.createKey(GKE_EMAIL);
      world.google.deleteKey(key.private_key_id);
      expect(await refusal(gke(JSON.stringify(key)))).toBe(
        "Google rejected the service-account key: invalid_grant (the key was deleted or disabled, or the server's clock is off)",
      );
    });

    it("a wrong and an expired client secret", async () => {
      expect(await refusal(aksWithSecret(aksApp, "not-the-secret"))).toBe(
        "Entra ID rejected the client secret: AADSTS7000215 (the client secret is wrong)",
      );
      const expiring = newEntraApp(world.entra);
      world.entra.addApp({ ...expiring, secrets: [], expiredSecrets: [expiring.secrets[0]!] });
      expect(await refusal(aksWithSecret(expiring))).toBe(
        "Entra ID rejected the client secret: AADSTS7000222 (the client secret has expired)",
      );
    });

    it("becomes the cluster's health error, and the circuit opens like for any unreachable cluster", async () => {
      const key = world.google.createKey(GKE_EMAIL);
      const { view } = await register(`gke-revoked-${RUN}`, gke(JSON.stringify(key)));
      world.google.deleteKey(key.private_key_id);
      const row = await getClusterOrThrow(context.orgId, view.id);
      let health = await checkCluster(row);
      for (let check = 1; check < 3; check++) health = await checkCluster(row);
      expect(health).toMatchObject({
        status: "unreachable",
        circuit: "open",
        lastError:
          "Google rejected the service-account key: invalid_grant (the key was deleted or disabled, or the server's clock is off)",
      });
    });

    it("an AKS token for another server application is refused (the audience is checked)", async () => {
      const otherServer = "00000000-1111-2222-3333-444444444444";
      const error = await testClusterSource(nextRequest(context), {
        connector: { ...aksWithSecret(), serverId: otherServer },
      }).catch((caught: unknown) => caught);
      expect((error as AppError).message).toMatch(/^The cluster rejected the credential/);
      expect(world.entra.issued.at(-1)).toMatchObject({ clientId: aksApp.clientId, resource: otherServer });
    });

    it("a token minted for another EKS cluster is refused by this one (x-k8s-aws-id is signed)", async () => {
      const error = await testClusterSource(nextRequest(context), {
        connector: eksWithKey({ clusterName: "some-other-cluster" }),
      }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "CLUSTER_UNREACHABLE" });
      expect((error as AppError).message).toMatch(/^The cluster rejected the credential/);
    });
  });

  // --- The base identity ------------------------------------------------------------------------

  describe("Pilothouse's own AWS identity", () => {
    it("only ever assumes roles: no token it signed reached a cluster", () => {
      expect(world.sts.calls.some((call) => call.action === "AssumeRole" && call.principal === world.base.arn)).toBe(
        true,
      );
      const presignedBy = world.sts.calls
        .filter((call) => call.presigned)
        .map((call) => canonicalArn(call.principal ?? ""));
      expect(presignedBy.length).toBeGreaterThan(0);
      expect(presignedBy).not.toContain(world.base.arn);
    });

    it("cannot be chosen as a connector's identity", async () => {
      for (const auth of [{ method: "baseIdentity" }, { method: "assumeRole" }, { method: "accessKey" }]) {
        const response = await call(createRoute, "POST", "/api/v1/clusters", {
          body: { name: "base", connector: { ...eksWithKey(), auth } },
        });
        expect(response.status).toBe(422);
        expect((response.body!.error as { path: string }).path).toMatch(/^connector\.auth\./);
      }
    });

    it("alone reaches no cluster: a token it signs is refused by the apiserver", async () => {
      // Signed with the base identity's own keys, as if it were an access-key connector.
      const error = await testClusterSource(nextRequest(context), {
        connector: eksWithKey({
          auth: {
            method: "accessKey",
            accessKeyId: world.base.accessKeyId,
            secretAccessKey: world.base.secretAccessKey,
          },
        }),
      }).catch((caught: unknown) => caught);
      expect((error as AppError).message).toMatch(/^The cluster rejected the credential/);
      expect(webhook.reviews.at(-1)).toMatchObject({ kind: "eks", authenticated: false });
    });

    it("is not used at all when the operator has not turned AssumeRole on", async () => {
      world.useEnv({ assumeRole: "off", tokenMaxAge: TOKEN_MAX_AGE_S });
      try {
        const before = world.sts.calls.length;
        const error = await testClusterSource(nextRequest(context), { connector: eksAssumingRole() }).catch(
          (caught: unknown) => caught,
        );
        expect(error).toMatchObject({ code: "INVALID_INPUT", path: "connector.auth.method" });
        expect(world.sts.calls.length).toBe(before);
      } finally {
        world.useEnv({ assumeRole: "on", tokenMaxAge: TOKEN_MAX_AGE_S });
      }
    });
  });

  // --- Lookup, rotation, impersonation --------------------------------------------------------------

  describe("like any other cluster", () => {
    it("asks for the current token at the start of every request, and reports a token the cluster refuses", async () => {
      const { connection } = await register(`provider-${RUN}`, gke());
      const asked: string[] = [];
      const rejected: string[] = [];
      const tokens = ["not-a-token-the-cluster-knows", await connection.tokenProvider!()];
      const probe = {
        ...connection,
        tokenProvider: async () => {
          asked.push(tokens[asked.length] ?? tokens[1]!);
          return asked.at(-1)!;
        },
        onTokenRejected: (token: string) => void rejected.push(token),
      };
      await expect(listPods(probe)).rejects.toMatchObject({ code: "CLUSTER_UNREACHABLE" });
      expect((await listPods(probe)).items.length).toBeGreaterThan(0);
      expect(asked).toEqual(tokens);
      expect(rejected).toEqual(["not-a-token-the-cluster-knows"]);
    });

    it("looks up the endpoint and CA with eks:DescribeCluster when they are not given", async () => {
      world.sts.eksClusters.set(EKS_NAME, {
        endpoint: cluster!.server,
        caData: Buffer.from(caPem).toString("base64"),
        describers: [eksUser.arn],
      });
      const {
        server: _server,
        certificateAuthority: _ca,
        ...withoutEndpoint
      } = eksWithKey() as Extract<ConnectorInput, { type: "eks" }>;
      const { view, connection } = await register(`eks-lookup-${RUN}`, withoutEndpoint);
      expect(view.server).toBe(cluster!.server);
      expect((await listPods(connection)).items.length).toBeGreaterThan(0);
      // An identity that may not describe the cluster is asked for the endpoint instead.
      world.sts.eksClusters.set(EKS_NAME, { endpoint: cluster!.server, describers: [] });
      const error = await addCluster(nextRequest(context), {
        name: `eks-nolookup-${RUN}`,
        connector: withoutEndpoint,
      }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "INVALID_INPUT", path: "connector.server" });
    });

    it("rotates to another cloud credential: new version, the old tokens forgotten, the new identity acts", async () => {
      const { view, connection } = await register(`rotate-${RUN}`, eksWithKey());
      const oldToken = await connection.tokenProvider!();
      const rotated = await updateCluster(nextRequest(context), view.id, { credential: { connector: gke() } });
      expect(rotated).toMatchObject({
        credentialVersion: 2,
        authType: "gke",
        connector: { type: "gke", clientEmail: GKE_EMAIL },
      });
      const next = await getClusterConnection(await getClusterOrThrow(context.orgId, view.id));
      const newToken = await next.tokenProvider!();
      expect(newToken).not.toBe(oldToken);
      expect(newToken.startsWith("ya29.")).toBe(true);
      const reviewsBefore = webhook.reviews.length;
      await listPods(next);
      expect(webhook.reviews.slice(reviewsBefore).map((review) => review.username)).toContain(GKE_EMAIL);
      const audit = await fresh.db.auditEvent.findFirstOrThrow({
        where: { clusterId: view.id, action: "cluster.update" },
      });
      expect(audit.summary).toBe("credential v1→v2, now GKE (service account)");
    });

    it("refuses a second registration of the same cloud identity on the same server unless confirmed", async () => {
      const connector = aksWithSecret();
      await register(`dup-a-${RUN}`, connector);
      const error = await addCluster(nextRequest(context), { name: `dup-b-${RUN}`, connector }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: "CONFLICT", path: "credential" });
      // Another identity on the same server is another registration.
      const other = newEntraApp(world.entra);
      await expect(
        addCluster(nextRequest(context), { name: `dup-c-${RUN}`, connector: aksWithSecret(other) }),
      ).resolves.toMatchObject({ authType: "aks" });
    });

    it("seals its secrets bound to the endpoint, the version and the connector's settings (format 2)", async () => {
      const { view } = await register(`bound-${RUN}`, aksWithSecret());
      const row = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
      expect(row.credentialFormat).toBe(2);
      expect(openCredential(row)).toMatchObject({ type: "connector", config: { type: "aks" } });
      // A database writer pointing the client secret at another token endpoint, or the cluster
      // at another server, gets a credential that no longer opens: no secret goes anywhere new.
      const elsewhere = { ...(row.connector as Record<string, unknown>), authorityHost: "https://login.example.com" };
      for (const tampered of [
        { ...row, connector: elsewhere },
        { ...row, server: "https://10.9.9.9:6443" },
      ]) {
        expect(() => openCredential(tampered)).toThrow("a stored credential could not be decrypted");
      }
      // Key order in the stored JSON does not matter (PostgreSQL's jsonb reorders keys).
      const reordered = Object.fromEntries(Object.entries(row.connector as Record<string, unknown>).reverse());
      expect(openCredential({ ...row, connector: reordered })).toMatchObject({ type: "connector" });
    });

    it("turns impersonation on only when the cloud identity may impersonate", async () => {
      const operator = newEntraApp(world.entra);
      await bind(`pilothouse-cloud-view-operator-${RUN}`, "view", [{ kind: "User", name: operator.objectId }]);
      const { view } = await register(`imp-${RUN}`, aksWithSecret(operator));
      await expect(updateCluster(nextRequest(context), view.id, { impersonate: true })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        path: "impersonate",
      });
      await bind(`pilothouse-cloud-impersonate-${RUN}`, "cluster-admin", [{ kind: "User", name: operator.objectId }]);
      const updated = await updateCluster(nextRequest(context), view.id, { impersonate: true });
      expect(updated.impersonate).toBe(true);
    });
  });

  // --- REST --------------------------------------------------------------------------------------------

  describe("REST", () => {
    it("POST /api/v1/clusters takes a connector; the answer names it and carries no secret", async () => {
      const response = await call(createRoute, "POST", "/api/v1/clusters", {
        body: { name: `rest-eks-${RUN}`, allowDuplicate: true, connector: eksWithKey() },
      });
      expect(response.status).toBe(201);
      expect((response.body!.cluster as Record<string, unknown>).connector).toEqual({
        type: "eks",
        clusterName: EKS_NAME,
        region: REGION,
        authMethod: "accessKey",
        accessKeyId: eksUser.accessKeyId,
        roleArn: null,
        stsEndpoint: null,
      });
      expect(response.text).not.toContain(eksUser.secretAccessKey);
      const audit = await fresh.db.auditEvent.findFirstOrThrow({
        where: { name: `rest-eks-${RUN}`, action: "cluster.create" },
      });
      expect(audit.summary).toBe(`server ${cluster!.server} via Amazon EKS (IAM)`);
    });

    it("POST /api/v1/clusters/test tries a connector; PATCH rotates to one", async () => {
      const tested = await call(testRoute, "POST", "/api/v1/clusters/test", { body: { connector: aksWithSecret() } });
      expect(tested.status).toBe(200);
      expect(tested.body!.result).toMatchObject({ reachable: true, version: "v1.20.2" });
      const created = await call(createRoute, "POST", "/api/v1/clusters", {
        body: {
          name: `rest-rotate-${RUN}`,
          server: cluster!.server,
          certificateAuthority: caPem,
          token: "placeholder-token",
        },
      });
      const id = (created.body!.cluster as { id: string }).id;
      const patched = await call(patchRoute, "PATCH", `/api/v1/clusters/${id}`, {
        params: { id },
        body: { credential: { connector: aksWithSecret() } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body!.cluster).toMatchObject({ authType: "aks", credentialVersion: 2 });
      expect(patched.text).not.toContain(aksApp.secrets[0]!);
    });

    it("a bad connector is a 422 naming the field", async () => {
      const cases: [unknown, string][] = [
        [{ ...eksWithKey(), region: "Europe" }, "connector.region"],
        [{ ...eksWithKey(), auth: { method: "assumeRole", roleArn: "role/x" } }, "connector.auth.roleArn"],
        [{ ...eksWithKey(), stsEndpoint: "https://evil.example.com" }, "connector.stsEndpoint"],
        [{ ...gke(), auth: { method: "serviceAccountKey", key: "{}" } }, "connector.auth.key"],
        [{ ...aksWithSecret(), clientId: "not-a-guid" }, "connector.clientId"],
        [{ ...aksWithSecret(), extra: 1 }, "connector"],
        [{ type: "openshift" }, "connector.type"],
      ];
      for (const [connector, path] of cases) {
        const response = await call(createRoute, "POST", "/api/v1/clusters", { body: { name: "bad", connector } });
        expect({ status: response.status, path: (response.body!.error as { path: string }).path }).toEqual({
          status: 422,
          path,
        });
      }
    });

    it("GET …/connectors/eks/external-id gives the org's ExternalId and the trust policy to paste", async () => {
      const response = await call(externalIdRoute, "GET", "/api/v1/clusters/connectors/eks/external-id");
      expect(response.status).toBe(200);
      const { awsExternalId } = await fresh.db.organization.findUniqueOrThrow({ where: { id: context.orgId } });
      apiToken = (
        await issueApiToken({ userId: context.actor.userId, orgId: context.orgId, name: "cloud", expiresAt: null })
      ).token;
      expect(awsExternalId).toMatch(/^pilothouse-[0-9a-f]{32}$/);
      expect(response.body!.eks).toEqual({
        externalId: awsExternalId,
        enabled: true,
        principalArn: world.base.arn,
        problem: null,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: world.base.arn },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": awsExternalId } },
            },
          ],
        },
      });
      // Another org has its own.
      const other = await createOrgContext(fresh.db);
      const otherId = (await fresh.db.organization.findUniqueOrThrow({ where: { id: other.orgId } })).awsExternalId;
      expect(otherId).not.toBe(awsExternalId);
    });
  });
});

// ---------------------------------------------------------------------------------------------

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/kubeconfig/${name}`, import.meta.url), "utf8");
}

/** The secret values inside a connector input (a run of a PEM key's body stands for the key). */
function secretsOf(connector: ConnectorInput): string[] {
  const pemBody = (pem: string) =>
    pem
      .replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, "")
      .replace(/-----[A-Z ]+-----/g, "")
      .replace(/\s+/g, "")
      .slice(0, 64);
  switch (connector.type) {
    case "eks":
      return connector.auth.method === "accessKey" ? [connector.auth.secretAccessKey] : [];
    case "gke":
      return [pemBody((JSON.parse(connector.auth.key) as { private_key: string }).private_key)];
    case "aks":
      return [
        connector.auth.method === "clientSecret" ? connector.auth.clientSecret : pemBody(connector.auth.certificate),
      ];
  }
}

/** Watch events as they arrive on a guarded stream, parsed line by line. */
async function watch(connection: ClusterConnection, path: string) {
  const { status, stream } = await openStream({ ...connection, path });
  expect(status).toBe(200);
  const events: WatchEvent[] = [];
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (rest + chunk.toString("utf8")).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
  });
  stream.on("error", () => undefined);
  const names = () =>
    events.filter((event) => event.type === "ADDED").map((event) => event.object.metadata.name.split("-").pop()!);
  return {
    events,
    names,
    async waitFor(suffix: string) {
      const deadline = Date.now() + 15_000;
      while (!names().includes(suffix)) {
        if (Date.now() > deadline) throw new Error(`the watch did not deliver "${suffix}" (has ${names().join(",")})`);
        await sleep(100);
      }
    },
    close: () => stream.destroy(),
  };
}

async function waitForNewToken(connection: ClusterConnection, previous: string): Promise<string> {
  const deadline = Date.now() + (TOKEN_MAX_AGE_S + 10) * 1000;
  for (;;) {
    const token = await connection.tokenProvider!();
    if (token !== previous) return token;
    if (Date.now() > deadline) throw new Error("the token was never refreshed");
    await sleep(250);
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sleepUntil(time: number) {
  if (time > Date.now()) await sleep(time - Date.now());
}
