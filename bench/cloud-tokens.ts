/**
 * Cloud connector tokens (docs/cloud-clusters.md): what a mint costs per cloud, through the SDK and
 * the guarded transport, against the loopback stand-ins of STS, Google and Entra ID (no cloud is
 * reachable here, so these are Pilothouse's own costs plus a loopback round trip, not a cloud's
 * latency); the one-time cost of loading the SDKs; and what a request pays for a cached token.
 * Run: `npx tsx bench/cloud-tokens.ts`. Prints figures and, last, one summary line. Asserts nothing.
 */
import { randomUUID } from "node:crypto";
import { mintConnectorToken } from "../lib/server/cloud/connectors";
import type { ConnectorCredential } from "../lib/server/cloud/connector-types";
import { cachedTokenSource } from "../lib/server/cloud/token-cache";
import { parseAllowedNetworks } from "../lib/server/k8s/outbound-policy";
import { newAwsUser, newEntraApp, startCloudWorld } from "../tests/support/cloud/cloud-world";

const ROUNDS = Number(process.env.CLOUD_TOKEN_ROUNDS ?? 100);
const CACHED_CALLS = 200_000;

process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS = "127.0.0.1/32";
const world = await startCloudWorld();
world.useEnv({ assumeRole: "on" });
const orgId = randomUUID();
const mint = { orgId, allowed: parseAllowedNetworks(process.env.PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS) };

const user = newAwsUser("arn:aws:iam::111122223333:user/bench");
world.sts.addUser(user);
const key = world.google.createKey("bench@pilothouse-test.iam.gserviceaccount.com");
const app = newEntraApp(world.entra);

const connectors: [string, ConnectorCredential][] = [
  [
    "EKS access key (GetCallerIdentity + presign)",
    {
      type: "connector",
      config: {
        type: "eks",
        clusterName: "bench",
        region: "eu-west-1",
        auth: { method: "accessKey", accessKeyId: user.accessKeyId },
      },
      secrets: { secretAccessKey: user.secretAccessKey },
    },
  ],
  [
    "GKE service-account key (JWT → token)",
    {
      type: "connector",
      config: { type: "gke", auth: { method: "serviceAccountKey", clientEmail: key.client_email } },
      secrets: { privateKey: key.private_key },
    },
  ],
  [
    "AKS client secret (metadata + token)",
    {
      type: "connector",
      config: { type: "aks", tenantId: app.tenantId, clientId: app.clientId, auth: { method: "clientSecret" } },
      secrets: { clientSecret: app.secrets[0]! },
    },
  ],
];

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const results: string[] = [];
try {
  for (const [label, credential] of connectors) {
    const firstStarted = performance.now();
    await mintConnectorToken(credential, mint);
    const first = performance.now() - firstStarted;
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await mintConnectorToken(credential, mint);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(
      `${label}: first mint ${first.toFixed(0)} ms (loads the SDK), then p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${ROUNDS} mints`,
    );
    results.push(`${credential.config.type} p50 ${p50.toFixed(1)} ms`);
  }

  const source = cachedTokenSource(`${randomUUID()}:1`, () => mintConnectorToken(connectors[0]![1], mint));
  await source.token();
  const started = process.hrtime.bigint();
  for (let call = 0; call < CACHED_CALLS; call++) await source.token();
  const perCall = Number(process.hrtime.bigint() - started) / CACHED_CALLS;
  console.log(`cached token: ${perCall.toFixed(0)} ns per request over ${CACHED_CALLS} calls`);
  console.log(`summary: mint ${results.join(", ")}; cached token ${perCall.toFixed(0)} ns per request`);
} finally {
  await world.close();
}
