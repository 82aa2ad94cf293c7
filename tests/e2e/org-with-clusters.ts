/**
 * The set-up most browser specs share: "a signed-up org with its cluster(s)". A fresh account signs
 * up through the real pages (which creates its own org) and adds the run's test cluster(s) through
 * the real Add-cluster dialog, in a page of its own that is closed afterwards. Call it from a spec's
 * beforeAll with that spec's own `newAccount(label)`, so every spec keeps its data apart.
 */
import { type TestAccount, signUp } from "../support/e2e";
import { addClusterThroughDialog, E2E_CLUSTER } from "../support/e2e-clusters";
import { type Browser, test } from "./fixtures";

type TestCluster = typeof E2E_CLUSTER;
/** One id per cluster, in the same order. */
type ClusterIds<Clusters extends readonly TestCluster[]> = { [Index in keyof Clusters]: string };

/** Sign-up hashes a password (argon2id): seconds, or tens of seconds on a loaded two-core machine. */
const SIGN_UP_BUDGET_MS = 60_000;
/** Each cluster is tested against its apiserver in the dialog before it is added. */
const PER_CLUSTER_BUDGET_MS = 60_000;

/**
 * Signs `account` up and adds `clusters` (as admin; the run's first test cluster by default);
 * returns their ids in the same order. Lengthens the calling hook's timeout by what this takes, on
 * top of whatever the hook did or does besides.
 */
export async function signUpOrgWithClusters(browser: Browser, account: TestAccount): Promise<[string]>;
export async function signUpOrgWithClusters<const Clusters extends readonly TestCluster[]>(
  browser: Browser,
  account: TestAccount,
  clusters: Clusters,
): Promise<ClusterIds<Clusters>>;
export async function signUpOrgWithClusters(
  browser: Browser,
  account: TestAccount,
  clusters: readonly TestCluster[] = [E2E_CLUSTER],
): Promise<string[]> {
  const hook = test.info();
  if (hook.timeout > 0) hook.setTimeout(hook.timeout + SIGN_UP_BUDGET_MS + clusters.length * PER_CLUSTER_BUDGET_MS);
  const page = await browser.newPage();
  try {
    await signUp(page, account);
    const ids: string[] = [];
    for (const cluster of clusters) ids.push(await addClusterThroughDialog(page, cluster));
    return ids;
  } finally {
    await page.close();
  }
}
