/**
 * Credentials at rest (docs/security.md §2), with a canary: a token registered as a cluster credential,
 * and the secrets of cloud connectors (secret access key, session token, service-account private
 * key, client secret), must appear in no API response, audit row, log line, socket frame or plain
 * column of a full database dump.
 * Damaged, swapped and truncated ciphertexts fail closed with one generic error, and master key
 * rotation (the function and `npm run cli -- keys rotate`) re-wraps every credential.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { getClusterConnection } from "@/lib/server/clusters/clients";
import { getKeyring, openCredential } from "@/lib/server/clusters/credentials";
import { checkCluster } from "@/lib/server/clusters/health";
import { rewrapAllCredentials } from "@/lib/server/clusters/key-rotation";
import {
  addCluster,
  getClusterOrThrow,
  listClusters,
  serializeCluster,
  updateCluster,
} from "@/lib/server/clusters/service";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { keyIdOf } from "@/lib/server/crypto/envelope";
import { Prisma } from "@/lib/server/db/generated/client";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/clusters/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/clusters/[id]/route";
import { POST as testRoute } from "@/app/api/v1/clusters/test/route";
import type { ConnectorInput } from "@/lib/validations/clusters";
import { readTestClusters } from "../support/clusters";
import {
  callApiRoute,
  caPemOf,
  createOrgContext,
  dumpDatabase,
  leaked,
  newMasterKey,
  nextRequest,
  readKubeconfigs,
  setClusterEnv,
} from "../support/cluster-fixtures";
import { type CloudWorld, newAwsUser, newEntraApp, startCloudWorld } from "../support/cloud/cloud-world";
import type { ServiceAccountKeyFile } from "../support/cloud/google-stand-in";
import { runCli as runCliWith } from "../support/cli";
import { useFreshDatabase } from "../support/database";
import { formatOneRecord } from "../support/format-one-record";

/** The canary's CLI runs log at debug level and start with no previous master keys. */
function runCli(args: string[], env: Record<string, string>) {
  return runCliWith(args, { LOG_LEVEL: "debug", PILOTHOUSE_PREVIOUS_MASTER_KEYS: "", ...env });
}

// The routes are called with bearer tokens; next-auth (the cookie path) needs Next's runtime.
vi.mock("@/lib/server/auth/next-auth", () => ({ auth: async () => null }));

/** Every socket frame the cluster code emits to an org (cluster:health), for the canary sweep. */
const emitted = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/server/realtime/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/realtime/server")>()),
  emitToOrg: (orgId: string, event: string, payload: unknown) =>
    emitted.push(JSON.stringify({ orgId, event, payload })),
}));

const CANARY = `canary-${randomBytes(16).toString("hex")}`;

const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v));

describe("credential canary, tampering and key rotation", () => {
  let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
  let context: OrgContext;
  let apiToken: string;
  let server: string;
  let caPem: string;
  const keyA = newMasterKey();
  const keyB = newMasterKey();
  const keyC = newMasterKey();
  /** Every line written through console while the suite runs. */
  const logLines: string[] = [];
  /** Every response body of the cluster routes. */
  const responseBodies: string[] = [];

  beforeAll(async () => {
    const [cluster] = readTestClusters();
    if (!cluster) throw new Error("no real test clusters: run through the integration project");
    server = cluster.server;
    caPem = caPemOf(readKubeconfigs(cluster).token);
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logLines.push(args.map((arg) => (typeof arg === "string" ? arg : json(arg))).join(" "));
        original(...args);
      });
    }
    // Everything the code would log, debug included, goes through the capture above.
    vi.stubEnv("LOG_LEVEL", "debug");
    setClusterEnv({ masterKey: keyA, previousKeys: [], allowed: "127.0.0.1/32" });
    fresh = await useFreshDatabase();
    context = await createOrgContext(fresh.db, { role: "editor" });
    apiToken = (
      await issueApiToken({ userId: context.actor.userId, orgId: context.orgId, name: "canary", expiresAt: null })
    ).token;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await fresh?.drop();
  });

  /** Call a route handler as the API would be called, keeping the body for the canary sweep. */
  async function call<P extends Record<string, string>>(
    handler: Parameters<typeof callApiRoute<P>>[1],
    method: string,
    urlPath: string,
    options: { body?: unknown; params?: P } = {},
  ) {
    const response = await callApiRoute(apiToken, handler, method, urlPath, options);
    responseBodies.push(response.text);
    return response;
  }

  /** Every way a stored credential fails to open looks the same: one generic error, no oracle. */
  function expectGenericFailure(run: () => unknown) {
    let error: unknown;
    try {
      run();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect({ code: (error as AppError).code, message: (error as AppError).message }).toEqual({
      code: "INTERNAL",
      message: "a stored credential could not be decrypted",
    });
  }

  const canarySource = () => ({ server, certificateAuthority: caPem, token: CANARY });
  const clusterIds: Record<string, string> = {};

  describe("the canary", () => {
    it("registers as a credential (the cluster need not accept it)", async () => {
      const view = await addCluster(nextRequest(context), { name: "canary-service", ...canarySource() });
      clusterIds.service = view.id;
      responseBodies.push(json(view));
      expect(view.authType).toBe("token");
    });

    it("is in no service-level response", async () => {
      const row = await getClusterOrThrow(context.orgId, clusterIds.service!);
      responseBodies.push(json(serializeCluster(row)), json(await listClusters(context.orgId)));
      const renamed = await updateCluster(nextRequest(context), clusterIds.service!, { name: "canary-renamed" });
      responseBodies.push(json(renamed));
      const rotated = await updateCluster(nextRequest(context), clusterIds.service!, {
        credential: { ...canarySource(), token: `${CANARY}-v2` },
      });
      responseBodies.push(json(rotated));
      // The cluster answers 401 for an unknown token: the errors must not carry it either.
      const tested = await testClusterSource(nextRequest(context), canarySource()).catch((error: unknown) => error);
      expect(tested).toMatchObject({ code: "CLUSTER_UNREACHABLE" });
      responseBodies.push(json({ message: (tested as AppError).message }));
      const health = await checkCluster(await getClusterOrThrow(context.orgId, clusterIds.service!));
      expect(health.status).toBe("unreachable");
      expect(health.lastError).toMatch(/rejected the credential/);
      responseBodies.push(json(health));
    });

    it("is in no response of the cluster API routes", async () => {
      const created = await call(createRoute, "POST", "/api/v1/clusters", {
        body: { name: "canary-api", ...canarySource() },
      });
      expect(created.status).toBe(201);
      const id = (created.body!.cluster as { id: string }).id;
      clusterIds.api = id;
      expect((await call(listRoute, "GET", "/api/v1/clusters")).status).toBe(200);
      expect((await call(getRoute, "GET", `/api/v1/clusters/${id}`, { params: { id } })).status).toBe(200);
      const patched = await call(patchRoute, "PATCH", `/api/v1/clusters/${id}`, {
        params: { id },
        body: { credential: { ...canarySource(), token: `${CANARY}-api-v2` } },
      });
      expect(patched.status).toBe(200);
      const tested = await call(testRoute, "POST", "/api/v1/clusters/test", { body: canarySource() });
      expect(tested.status).toBe(502);
      // A refused input echoes the field, never the value.
      const refused = await call(createRoute, "POST", "/api/v1/clusters", {
        body: { name: "canary-bad", server, token: `${CANARY} with a space` },
      });
      expect(refused.status).toBe(422);
      const duplicate = await call(createRoute, "POST", "/api/v1/clusters", {
        body: { name: "canary-api", ...canarySource() },
      });
      expect(duplicate.status).toBe(409);
    });

    it("appears nowhere: responses, audit rows, log lines, database dump", async () => {
      expect(responseBodies.length).toBeGreaterThan(8);
      expect(responseBodies.filter((body) => body.includes(CANARY))).toEqual([]);
      const audit = await fresh.db.auditEvent.findMany({ include: { outcome: true } });
      expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(["cluster.create", "cluster.update"]));
      expect(audit.filter((row) => json(row).includes(CANARY))).toEqual([]);
      expect(logLines.filter((line) => line.includes(CANARY))).toEqual([]);
      expect(emitted.length).toBeGreaterThan(0); // the health check did emit a cluster:health frame
      expect(emitted.filter((frame) => frame.includes(CANARY))).toEqual([]);
      const dump = await dumpDatabase(fresh.url);
      expect(dump).toContain("canary-renamed"); // the dump does hold the clusters…
      expect(dump.split("\n").filter((line) => line.includes(CANARY))).toEqual([]); // …but not the token
      // …and the stored credential still opens to it, so the sweep above looked at the right rows.
      const row = await getClusterOrThrow(context.orgId, clusterIds.service!);
      expect(openCredential(row)).toEqual({ type: "token", token: `${CANARY}-v2` });
    });
  });

  describe("connector secrets: secret access key, service-account private key, client secret", () => {
    let world: CloudWorld;
    const eksUser = newAwsUser("arn:aws:iam::111122223333:user/canary", `${CANARY}-aws`);
    let gkeKey: ServiceAccountKeyFile;
    let aksApp: ReturnType<typeof newEntraApp>;
    /** Every form the connector secrets could take in storage or output. */
    let secrets: string[];

    beforeAll(async () => {
      world = await startCloudWorld();
      world.useEnv();
      world.sts.addUser(eksUser);
      gkeKey = world.google.createKey("canary@pilothouse-test.iam.gserviceaccount.com");
      aksApp = newEntraApp(world.entra, { secret: `${CANARY}-entra` });
      const keyBody = gkeKey.private_key.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
      secrets = [
        eksUser.secretAccessKey,
        `${CANARY}-aws-session`,
        aksApp.secrets[0]!,
        gkeKey.private_key.trim(),
        JSON.stringify(gkeKey.private_key).slice(1, 65),
        keyBody.slice(0, 64),
        keyBody.slice(-64),
      ];
    });
    afterAll(async () => world?.close());

    const connectors = (): ConnectorInput[] => [
      {
        type: "eks",
        clusterName: "canary",
        region: "eu-west-1",
        server,
        certificateAuthority: caPem,
        auth: { method: "accessKey", accessKeyId: eksUser.accessKeyId, secretAccessKey: eksUser.secretAccessKey },
      },
      {
        type: "eks",
        clusterName: "canary",
        region: "eu-west-1",
        server,
        certificateAuthority: caPem,
        auth: {
          method: "accessKey",
          accessKeyId: eksUser.accessKeyId,
          secretAccessKey: eksUser.secretAccessKey,
          sessionToken: `${CANARY}-aws-session`,
        },
      },
      {
        type: "gke",
        server,
        certificateAuthority: caPem,
        auth: { method: "serviceAccountKey", key: JSON.stringify(gkeKey) },
      },
      {
        type: "aks",
        server,
        certificateAuthority: caPem,
        tenantId: aksApp.tenantId,
        clientId: aksApp.clientId,
        auth: { method: "clientSecret", clientSecret: aksApp.secrets[0]! },
      },
    ];

    it("go through every service path: add, test, check, rotate, fail", async () => {
      for (const [index, connector] of connectors().entries()) {
        const view = await addCluster(
          nextRequest(context),
          { name: `canary-connector-${index}`, connector },
          { allowDuplicate: true },
        );
        responseBodies.push(json(view));
        // Minted and sent to the cluster, which does not know these identities: a clear failure either way.
        const tested = await testClusterSource(nextRequest(context), { connector }).catch((error: unknown) => error);
        responseBodies.push(json({ message: (tested as AppError).message }));
        const health = await checkCluster(await getClusterOrThrow(context.orgId, view.id));
        expect(health.status).toBe("unreachable");
        responseBodies.push(json(health));
        const rotated = await updateCluster(nextRequest(context), view.id, { credential: { connector } });
        responseBodies.push(json(rotated));
      }
      // Rejected by the cloud: the errors name the cause, not the secret.
      world.sts.revoke(eksUser.accessKeyId);
      world.entra.revokeSecret(aksApp.clientId, aksApp.secrets[0]!);
      world.google.deleteKey(gkeKey.private_key_id);
      for (const connector of connectors()) {
        const refused = await testClusterSource(nextRequest(context), { connector }).catch((error: unknown) => error);
        expect((refused as AppError).message).toMatch(/^(AWS|Google|Entra ID) rejected/);
        responseBodies.push(json({ message: (refused as AppError).message }));
      }
    });

    it("go through every API route", async () => {
      const [eks, , gke, aks] = connectors();
      const created = await call(createRoute, "POST", "/api/v1/clusters", {
        body: { name: "canary-connector-api", allowDuplicate: true, connector: eks },
      });
      expect(created.status).toBe(201);
      const id = (created.body!.cluster as { id: string }).id;
      expect((await call(getRoute, "GET", `/api/v1/clusters/${id}`, { params: { id } })).status).toBe(200);
      expect((await call(listRoute, "GET", "/api/v1/clusters")).status).toBe(200);
      const patched = await call(patchRoute, "PATCH", `/api/v1/clusters/${id}`, {
        params: { id },
        body: { credential: { connector: gke } },
      });
      expect(patched.status).toBe(200);
      expect((await call(testRoute, "POST", "/api/v1/clusters/test", { body: { connector: aks } })).status).toBe(502);
      // A refused input echoes the field, never the value.
      const refused = await call(createRoute, "POST", "/api/v1/clusters", {
        body: { name: "canary-bad", connector: { ...aks, tenantId: `${CANARY} tenant` } },
      });
      expect(refused.status).toBe(422);
    });

    it("appear nowhere: responses, audit rows, log lines, socket frames, database dump", async () => {
      expect(secrets.every((secret) => secret.length >= 32)).toBe(true);
      const everything = [
        ...responseBodies,
        ...logLines,
        ...emitted,
        json(await fresh.db.auditEvent.findMany({ include: { outcome: true } })),
      ].join("\n");
      expect(leaked(everything, secrets)).toEqual([]);
      const dump = await dumpDatabase(fresh.url);
      expect(dump).toContain("canary-connector-api"); // the dump does hold the connector clusters…
      expect(dump).toContain(eksUser.accessKeyId); // …and their non-secret settings…
      expect(leaked(dump, secrets)).toEqual([]); // …but none of their secrets
      // The stored credentials still open to them, so the sweep looked at the right rows.
      const rows = await fresh.db.cluster.findMany({ where: { authType: { in: ["eks", "gke", "aks"] } } });
      const opened = rows.map((row) => json(openCredential(row))).join("\n");
      expect(leaked(opened, [eksUser.secretAccessKey, `${CANARY}-aws-session`, aksApp.secrets[0]!])).toHaveLength(3);
    });
  });

  describe("damaged ciphertexts fail closed with one generic error", () => {
    type Record = { [field: string]: string | number };
    let victim: string;
    let donor: string;

    beforeAll(async () => {
      victim = (
        await addCluster(nextRequest(context), {
          name: "victim",
          server,
          certificateAuthority: caPem,
          token: "victim-token-1234",
        })
      ).id;
      donor = (
        await addCluster(nextRequest(context), {
          name: "donor",
          server,
          certificateAuthority: caPem,
          token: "donor-token-5678",
        })
      ).id;
    });

    async function storedToken(id: string): Promise<Record> {
      const row = await fresh.db.cluster.findUniqueOrThrow({ where: { id } });
      return (row.credential as { token: Record }).token;
    }

    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[bytes.length - 1]! ^= 0x01;
      return bytes.toString("base64");
    };
    const cut = (b64: string, bytes: number) => Buffer.from(b64, "base64").subarray(0, bytes).toString("base64");

    it.each([
      ["a flipped ciphertext bit", (r: Record) => ({ ...r, ciphertext: flip(String(r.ciphertext)) })],
      ["a flipped tag bit", (r: Record) => ({ ...r, tag: flip(String(r.tag)) })],
      ["a flipped wrapped-key bit", (r: Record) => ({ ...r, wrappedKey: flip(String(r.wrappedKey)) })],
      ["a different iv", (r: Record) => ({ ...r, iv: randomBytes(12).toString("base64") })],
      ["a truncated ciphertext", (r: Record) => ({ ...r, ciphertext: cut(String(r.ciphertext), 4) })],
      ["an empty ciphertext", (r: Record) => ({ ...r, ciphertext: "" })],
      ["a truncated (4-byte) tag", (r: Record) => ({ ...r, tag: cut(String(r.tag), 4) })],
      ["a truncated wrap tag", (r: Record) => ({ ...r, wrapTag: cut(String(r.wrapTag), 12) })],
      ["an unknown key id", (r: Record) => ({ ...r, kid: "0123456789abcdef" })],
      ["a missing field", ({ wrapIv: _dropped, ...rest }: Record) => rest],
      ["junk in the base64", (r: Record) => ({ ...r, ciphertext: `${String(r.ciphertext)}!!` })],
      ["plaintext where a record belongs", () => "victim-token-1234"],
    ])("refuses %s", async (_label, damage) => {
      const original = await storedToken(victim);
      await fresh.db.cluster.update({ where: { id: victim }, data: { credential: { token: damage(original) } } });
      try {
        const row = await fresh.db.cluster.findUniqueOrThrow({ where: { id: victim } });
        expectGenericFailure(() => openCredential(row));
      } finally {
        await fresh.db.cluster.update({ where: { id: victim }, data: { credential: { token: original } } });
      }
      // Restored, it opens again: the damage, not the test, made it fail.
      const row = await fresh.db.cluster.findUniqueOrThrow({ where: { id: victim } });
      expect(openCredential(row)).toEqual({ type: "token", token: "victim-token-1234" });
    });

    it("refuses a credential swapped in from another cluster's row", async () => {
      const donorRow = await fresh.db.cluster.findUniqueOrThrow({ where: { id: donor } });
      const victimRow = await fresh.db.cluster.findUniqueOrThrow({ where: { id: victim } });
      await fresh.db.cluster.update({ where: { id: victim }, data: { credential: donorRow.credential as object } });
      try {
        const swapped = await fresh.db.cluster.findUniqueOrThrow({ where: { id: victim } });
        expectGenericFailure(() => openCredential(swapped));
        await expect(getClusterConnection({ ...swapped, credentialVersion: 99 })).rejects.toMatchObject({
          code: "INTERNAL",
        });
        const health = await checkCluster({ ...swapped, credentialVersion: 99 });
        expect(health).toMatchObject({
          status: "unreachable",
          lastError: "a stored credential could not be decrypted",
        });
      } finally {
        await fresh.db.cluster.update({ where: { id: victim }, data: { credential: victimRow.credential as object } });
      }
      // The same ciphertext under another org is refused too (the AAD names the org).
      expectGenericFailure(() => openCredential({ ...donorRow, orgId: randomUUID() }));
      // …and a token record read as another field of the same row.
      expectGenericFailure(() =>
        openCredential({
          ...donorRow,
          authType: "client_certificate",
          credential: {
            clientCertificateData: (donorRow.credential as { token: unknown }).token,
            clientKeyData: (donorRow.credential as { token: unknown }).token,
          },
        }),
      );
    });
  });

  describe("a credential is bound to its endpoint and version (docs/decisions/0061)", () => {
    let bound: string;

    beforeAll(async () => {
      bound = (
        await addCluster(nextRequest(context), {
          name: "bound",
          server,
          certificateAuthority: caPem,
          token: "bound-token-v1",
        })
      ).id;
    });

    const row = () => fresh.db.cluster.findUniqueOrThrow({ where: { id: bound } });

    it.each([
      ["the server pointed at another host", () => ({ server: "https://attacker.example:6443" })],
      ["the server's port changed", () => ({ server: `${server.replace(/:\d+$/, "")}:1` })],
      [
        "another CA (one the attacker holds the key of)",
        () => ({ caData: Buffer.from("attacker CA").toString("base64") }),
      ],
      ["a TLS server name added", () => ({ tlsServerName: "attacker.example" })],
    ])("refuses to open it once %s in the database (generic error)", async (_label, change) => {
      const before = await row();
      expect(openCredential(before)).toEqual({ type: "token", token: "bound-token-v1" });
      await fresh.db.cluster.update({ where: { id: bound }, data: change() });
      try {
        const redirected = await row();
        expectGenericFailure(() => openCredential(redirected));
        // …and so nothing connects anywhere with it.
        await expect(getClusterConnection({ ...redirected, credentialVersion: 50 })).rejects.toMatchObject({
          code: "INTERNAL",
        });
      } finally {
        const { server: s, caData, tlsServerName } = before;
        await fresh.db.cluster.update({ where: { id: bound }, data: { server: s, caData, tlsServerName } });
      }
      expect(openCredential(await row())).toEqual({ type: "token", token: "bound-token-v1" });
    });

    it("refuses an old ciphertext put back, and the database refuses to roll the version back to match", async () => {
      const old = await row();
      await updateCluster(nextRequest(context), bound, {
        credential: { server, certificateAuthority: caPem, token: "bound-token-v2" },
      });
      const rotated = await row();
      expect(rotated.credentialVersion).toBe(old.credentialVersion + 1);
      // The old ciphertext in the new row: sealed for version 1, the row says 2.
      await fresh.db.cluster.update({ where: { id: bound }, data: { credential: old.credential as object } });
      const withOld = await row();
      expectGenericFailure(() => openCredential(withOld));
      expectGenericFailure(() => openCredential({ ...rotated, credential: old.credential }));
      // Rolling the version back to match is refused by the database…
      await expect(
        fresh.db.cluster.update({ where: { id: bound }, data: { credentialVersion: old.credentialVersion } }),
      ).rejects.toThrow(/cannot go back from 2 to 1/);
      // …and so is deleting the row and inserting it again at the old version.
      await fresh.db.cluster.delete({ where: { id: bound } });
      await expect(
        fresh.db.cluster.create({ data: { ...old, connector: Prisma.DbNull, credential: old.credential as object } }),
      ).rejects.toThrow(/cannot go back from 2 to 1/);
      await fresh.db.cluster.create({
        data: { ...rotated, connector: Prisma.DbNull, credential: rotated.credential as object },
      });
      expect(openCredential(await row())).toEqual({ type: "token", token: "bound-token-v2" });
      // The version marks themselves cannot be lowered or removed.
      await expect(fresh.db.$executeRawUnsafe(`DELETE FROM cluster_credential_versions`)).rejects.toThrow(/only rise/);
      await expect(
        fresh.db.$executeRawUnsafe(`UPDATE cluster_credential_versions SET highest_version = 1`),
      ).rejects.toThrow(/only rise/);
    });

    it("opens a row written before binding existed (format 1) until `keys rotate` upgrades it, and never goes back", async () => {
      const view = await addCluster(nextRequest(context), {
        name: "legacy",
        server,
        certificateAuthority: caPem,
        token: "legacy-token-0001",
      });
      const current = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
      // What the migration leaves for a row written by the previous release: format 1 records,
      // credential_format 1 (the guard trigger is switched off only to stage that past).
      const legacyCredential = {
        token: formatOneRecord(
          "legacy-token-0001",
          { orgId: context.orgId, clusterId: view.id, field: "token" },
          Buffer.from(keyA, "base64"),
        ),
      };
      await fresh.db.$executeRawUnsafe(`ALTER TABLE clusters DISABLE TRIGGER clusters_credential_guard`);
      try {
        await fresh.db.cluster.update({
          where: { id: view.id },
          data: { credential: legacyCredential, credentialFormat: 1 },
        });
      } finally {
        await fresh.db.$executeRawUnsafe(`ALTER TABLE clusters ENABLE TRIGGER clusters_credential_guard`);
      }
      const legacy = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
      expect(openCredential(legacy)).toEqual({ type: "token", token: "legacy-token-0001" });

      const requestId = randomUUID();
      const report = await rewrapAllCredentials({ requestId });
      expect(report.failed).toEqual([]);
      const upgraded = await fresh.db.cluster.findUniqueOrThrow({ where: { id: view.id } });
      expect(upgraded.credentialFormat).toBe(2);
      expect((upgraded.credential as { token: { v: number } }).token.v).toBe(2);
      expect(openCredential(upgraded)).toEqual({ type: "token", token: "legacy-token-0001" });
      expect(
        (await fresh.db.auditEvent.findFirstOrThrow({ where: { requestId, clusterId: view.id } })).summary,
      ).toMatch(/re-sealed bound to its endpoint and version$/);
      // Bound now: pointing it elsewhere fails; the format 1 record put back fails; format 1 is refused.
      expectGenericFailure(() => openCredential({ ...upgraded, server: "https://attacker.example" }));
      expectGenericFailure(() => openCredential({ ...upgraded, credential: legacyCredential }));
      await expect(fresh.db.cluster.update({ where: { id: view.id }, data: { credentialFormat: 1 } })).rejects.toThrow(
        /cannot go back/,
      );
      expect(current.credentialFormat).toBe(2); // new rows never start in format 1
      await fresh.db.cluster.delete({ where: { id: view.id } });
    });
  });

  describe("master key rotation", () => {
    async function allRows() {
      return fresh.db.cluster.findMany({ orderBy: { name: "asc" } });
    }
    const kidsOf = (rows: { credential: unknown }[]) =>
      new Set(
        rows.flatMap((row) =>
          Object.values(row.credential as Record<string, { kid: string }>).map((record) => record.kid),
        ),
      );

    it("re-wraps every credential from key A to key B, then B alone opens them all", async () => {
      // A client-certificate cluster too, so both credential shapes rotate.
      const [cluster] = readTestClusters();
      await addCluster(nextRequest(context), { name: "client-cert", kubeconfig: readKubeconfigs(cluster!).admin });
      const before = await allRows();
      expect(kidsOf(before)).toEqual(new Set([keyIdOf(Buffer.from(keyA, "base64"))]));
      const plaintexts = before.map((row) => openCredential(row));

      setClusterEnv({ masterKey: keyB, previousKeys: [] });
      expect(() => openCredential(before[0]!)).toThrow(AppError); // B alone cannot open A's records yet

      setClusterEnv({ masterKey: keyB, previousKeys: [keyA] });
      const requestId = randomUUID();
      const report = await rewrapAllCredentials({ requestId });
      const fields = before.reduce((total, row) => total + Object.keys(row.credential as object).length, 0);
      expect(report).toEqual({
        clusters: before.length,
        rewrappedClusters: before.length,
        rewrappedFields: fields,
        failed: [],
      });

      setClusterEnv({ masterKey: keyB, previousKeys: [] });
      const after = await allRows();
      expect(kidsOf(after)).toEqual(new Set([getKeyring().currentKeyId]));
      expect(after.map((row) => openCredential(row))).toEqual(plaintexts);
      // Only the wrapping changed: the data ciphertexts are the same bytes.
      for (const [index, row] of after.entries()) {
        const old = before[index]!.credential as Record<string, { ciphertext: string; wrappedKey: string }>;
        for (const [field, record] of Object.entries(
          row.credential as Record<string, { ciphertext: string; wrappedKey: string }>,
        )) {
          expect(record.ciphertext).toBe(old[field]!.ciphertext);
          expect(record.wrappedKey).not.toBe(old[field]!.wrappedKey);
        }
      }

      const audit = await fresh.db.auditEvent.findMany({ where: { requestId }, include: { outcome: true } });
      expect(audit).toHaveLength(before.length);
      for (const row of audit) {
        expect(row).toMatchObject({
          action: "cluster.keys_rotate",
          actorType: "cli",
          actorUserId: null,
          kind: "Cluster",
        });
        expect(row.outcome?.outcome).toBe("success");
        expect(row.summary).not.toMatch(new RegExp(`${keyA}|${keyB}`.replaceAll("+", "\\+")));
      }
      // A second run has nothing to do.
      expect(await rewrapAllCredentials()).toMatchObject({ rewrappedClusters: 0, rewrappedFields: 0, failed: [] });
    });

    it("reports a record no key opens, leaves it untouched and re-wraps the rest", async () => {
      setClusterEnv({ masterKey: newMasterKey(), previousKeys: [] }); // written under a key that is then lost
      const orphan = await addCluster(nextRequest(context), {
        name: "orphan",
        server,
        certificateAuthority: caPem,
        token: "orphan-token-0000",
      });
      setClusterEnv({ masterKey: keyA, previousKeys: [keyB] });
      const orphanBefore = await fresh.db.cluster.findUniqueOrThrow({ where: { id: orphan.id } });
      const requestId = randomUUID();
      const report = await rewrapAllCredentials({ requestId });
      expect(report.failed).toEqual([{ clusterId: orphan.id, orgId: context.orgId, name: "orphan" }]);
      expect(report.rewrappedClusters).toBe(report.clusters - 1);
      expect((await fresh.db.cluster.findUniqueOrThrow({ where: { id: orphan.id } })).credential).toEqual(
        orphanBefore.credential,
      );
      const failure = await fresh.db.auditEvent.findFirstOrThrow({
        where: { requestId, clusterId: orphan.id },
        include: { outcome: true },
      });
      expect(failure.outcome).toMatchObject({
        outcome: "failure",
        detail: "INTERNAL: a stored credential could not be decrypted",
      });
      await fresh.db.cluster.delete({ where: { id: orphan.id } });
    });

    it("`npm run cli -- keys rotate` re-wraps under the new key, audited as the CLI", async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "pilothouse-keys-rotate-"));
      try {
        const count = await fresh.db.cluster.count();
        const since = new Date();
        const run = await runCli(["keys", "rotate"], {
          DATABASE_URL: fresh.url,
          PILOTHOUSE_DATA_DIR: dataDir,
          PILOTHOUSE_MASTER_KEY: keyC,
          PILOTHOUSE_PREVIOUS_MASTER_KEYS: `${keyB},${keyA}`,
        });
        expect(run.stderr).not.toMatch(/^\s+at /m);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(
          `in ${count} of ${count} cluster(s) under key ${keyIdOf(Buffer.from(keyC, "base64"))}`,
        );
        expect(`${run.stdout}${run.stderr}`).not.toContain(CANARY);
        for (const key of [keyA, keyB, keyC]) expect(`${run.stdout}${run.stderr}`).not.toContain(key);

        setClusterEnv({ masterKey: keyC, previousKeys: [] });
        const rows = await allRows();
        expect(rows.map((row) => openCredential(row).type)).toHaveLength(count);
        const audit = await fresh.db.auditEvent.findMany({
          where: { action: "cluster.keys_rotate", time: { gte: since } },
          include: { outcome: true },
        });
        expect(audit).toHaveLength(count);
        for (const row of audit) {
          expect(row).toMatchObject({ actorType: "cli", actorUserId: null, actorEmail: null });
          expect(row.outcome?.outcome).toBe("success");
        }

        const again = await runCli(["keys", "rotate"], {
          DATABASE_URL: fresh.url,
          PILOTHOUSE_DATA_DIR: dataDir,
          PILOTHOUSE_MASTER_KEY: keyC,
        });
        expect(again.code).toBe(0);
        expect(again.stdout).toContain(`rewrapped 0 credential field(s) in 0 of ${count} cluster(s)`);

        const usage = await runCli(["keys", "rotate", "--now"], {
          DATABASE_URL: fresh.url,
          PILOTHOUSE_DATA_DIR: dataDir,
          PILOTHOUSE_MASTER_KEY: keyC,
        });
        expect(usage.code).toBe(2);
        expect(usage.stderr).toContain("unknown flag --now");
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
