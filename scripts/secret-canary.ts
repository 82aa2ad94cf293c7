/**
 * `npm test`'s Secret canary (docs/security.md §7), run by scripts/test-all.mjs with tsx:
 *   plant <dir>  a random value in <dir>/value, `kubectl apply`d as shop/pilothouse-canary on the
 *                run's first test cluster (PILOTHOUSE_TEST_CLUSTER_IDS)
 *   check <dir>  after the whole suite: the value only in reveal answers (not in logs, dumps, recorded
 *                traffic or Playwright's artifacts); prints places, never the value
 */
import { describeCluster, testClusterIds } from "../tests/support/clusters";
import { checkCanary, describeVerdict } from "../tests/support/canary-check";
import { E2E_OUTPUT_DIR } from "../tests/support/e2e-artifacts";
import { applyCanarySecret, CANARY_SECRET, createCanaryValue } from "../tests/support/secret-canary";

const [command, dir] = process.argv.slice(2);

if (command === "plant" && dir) {
  const cluster = describeCluster(testClusterIds()[0]!);
  applyCanarySecret(cluster.kubeconfigPaths.admin, createCanaryValue(dir));
  console.log(`[canary] planted ${CANARY_SECRET.namespace}/${CANARY_SECRET.name} on ${cluster.name}`);
} else if (command === "check" && dir) {
  const verdict = checkCanary(dir, { artifactDirs: [E2E_OUTPUT_DIR] });
  for (const line of describeVerdict(verdict)) console.log(`[canary] ${line}`);
  process.exitCode = verdict.ok ? 0 : 1;
} else {
  console.error("usage: tsx scripts/secret-canary.ts plant|check <dir>");
  process.exitCode = 2;
}
