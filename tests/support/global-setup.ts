import { startTestClusters, stopTestClusters, testClusterIds } from "./clusters";
import { startTestPostgres } from "./database";

/**
 * Once per integration run: an embedded PostgreSQL (each test file then copies a migrated
 * template database) and the real kube-apiservers. Both are stopped when the run ends.
 */
export default async function setup() {
  const [postgres] = await Promise.all([startTestPostgres(), startTestClusters(testClusterIds())]);
  return async () => {
    await Promise.allSettled([postgres.stop(), stopTestClusters()]);
  };
}
