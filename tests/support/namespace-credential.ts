import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { TestCluster } from "./clusters";

/**
 * A namespace-scoped credential on a real test cluster: a ServiceAccount in `namespace` bound to
 * the built-in `view` ClusterRole by a RoleBinding in that namespace only, as a kubeconfig whose
 * context names the namespace (what `kubectl config set-context --namespace` writes). It cannot
 * list namespaces, nodes, or pods anywhere else.
 */
export function namespaceScopedKubeconfig(cluster: TestCluster, namespace: string, user = "ns-viewer") {
  const kubectl = (...args: string[]) =>
    execFileSync("kubectl", ["--kubeconfig", cluster.kubeconfigPaths.admin, ...args], { encoding: "utf8" }).trim();
  kubectl("create", "serviceaccount", user, "-n", namespace);
  kubectl(
    "create",
    "rolebinding",
    `${user}-view`,
    "-n",
    namespace,
    "--clusterrole=view",
    `--serviceaccount=${namespace}:${user}`,
  );
  const secret = waitFor(() =>
    kubectl("get", "serviceaccount", user, "-n", namespace, "-o", "jsonpath={.secrets[0].name}"),
  );
  const token = Buffer.from(
    kubectl("get", "secret", secret, "-n", namespace, "-o", "jsonpath={.data.token}"),
    "base64",
  ).toString();
  const base = parse(readFileSync(cluster.kubeconfigPaths.viewer, "utf8")) as {
    clusters: { name: string; cluster: Record<string, unknown> }[];
  };
  const context = `${cluster.name}-${namespace}-${user}`;
  const kubeconfig = stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: base.clusters,
    users: [{ name: context, user: { token } }],
    contexts: [{ name: context, context: { cluster: base.clusters[0]!.name, user: context, namespace } }],
    "current-context": context,
  });
  return { kubeconfig, context };
}

/** The token controller fills a ServiceAccount's secret in a moment: poll, bounded. */
function waitFor(read: () => string): string {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const value = read();
    if (value) return value;
    execFileSync("sleep", ["0.2"]);
  }
  throw new Error("the ServiceAccount's token secret did not appear within 10 s");
}
