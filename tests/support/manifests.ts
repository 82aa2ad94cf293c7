/**
 * Manifests the tests apply with kubectl, shared by the integration fixtures and the browser
 * specs (which cannot import the integration fixtures: those load route handlers).
 */

/** A Deployment of `replicas` pods labelled app=`name`, running one container `web`. */
export function deploymentManifest(
  namespace: string,
  name: string,
  { replicas = 3, image = "nginx:1.19.6" }: { replicas?: number; image?: string } = {},
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "web", image }] },
      },
    },
  };
}
