import { describe, expect, it } from "vitest";
import { groupEvents } from "@/lib/resources/event-groups";
import { objectHref, resourceForKind } from "@/lib/resources/links";
import { controllerOf, MAX_REFERENCES, referencesOf, selectorQueriesOf, selectorText } from "@/lib/resources/related";
import type { KubeObject, ResourceRow } from "@/lib/resources/types";

describe("object links", () => {
  it("puts namespaced objects under their namespace and cluster-scoped ones under -", () => {
    expect(objectHref({ clusterId: "c1", resource: "pods", namespace: "shop", name: "web-1" })).toBe(
      "/clusters/c1/pods/shop/web-1",
    );
    expect(objectHref({ clusterId: "c1", resource: "nodes", name: "n1", tab: "yaml" })).toBe(
      "/clusters/c1/nodes/-/n1?tab=yaml",
    );
    expect(objectHref({ clusterId: "c1", resource: "x.example.com", namespace: "a", name: "odd name/%" })).toBe(
      "/clusters/c1/x.example.com/a/odd%20name%2F%25",
    );
  });

  it("maps kinds to resources: built-ins from the registry, others by kubectl's plural guess", () => {
    expect(resourceForKind("ReplicaSet", "apps")).toBe("replicasets.apps");
    expect(resourceForKind("deployment", undefined)).toBe("deployments.apps");
    expect(resourceForKind("Certificate", "cert-manager.io")).toBe("certificates.cert-manager.io");
    expect(resourceForKind("Policy", "example.com")).toBe("policies.example.com");
  });
});

describe("related objects", () => {
  const pod: KubeObject = {
    kind: "Pod",
    metadata: {
      name: "web-abc",
      namespace: "shop",
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d", uid: "u1", controller: true }],
    },
    spec: {
      nodeName: "node-1",
      serviceAccountName: "web",
      volumes: [
        { name: "a", configMap: { name: "web-config" } },
        { name: "b", secret: { secretName: "web-tls" } },
        { name: "c", persistentVolumeClaim: { claimName: "uploads" } },
        { name: "d", projected: { sources: [{ configMap: { name: "web-config" } }, { secret: { name: "extra" } }] } },
      ],
      containers: [
        {
          name: "web",
          envFrom: [{ secretRef: { name: "db" } }],
          env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "flags", key: "x" } } }],
        },
      ],
    },
  };

  it("follows a pod's controller and names its node, mounts and environment, once each", () => {
    expect(controllerOf(pod)).toEqual({
      relation: "Owner",
      resource: "replicasets.apps",
      kind: "ReplicaSet",
      namespace: "shop",
      name: "web-7d",
    });
    const references = referencesOf("Pod", pod).map((r) => `${r.resource}/${r.namespace ?? "-"}/${r.name}`);
    expect(references).toEqual([
      "nodes/-/node-1",
      "serviceaccounts/shop/web",
      "configmaps/shop/web-config",
      "secrets/shop/web-tls",
      "persistentvolumeclaims/shop/uploads",
      "secrets/shop/extra",
      "secrets/shop/db",
      "configmaps/shop/flags",
    ]);
  });

  it("bounds what a hostile spec can make us link", () => {
    const volumes = Array.from({ length: 5000 }, (_, i) => ({ name: `v${i}`, configMap: { name: `cm-${i}` } }));
    expect(referencesOf("Pod", { metadata: { namespace: "x" }, spec: { volumes } })).toHaveLength(MAX_REFERENCES);
  });

  it("names an Ingress's backends (v1 and v1beta1) and an HPA's target", () => {
    const ingress = {
      metadata: { namespace: "shop" },
      spec: {
        defaultBackend: { service: { name: "fallback" } },
        rules: [
          { http: { paths: [{ backend: { service: { name: "web" } } }, { backend: { serviceName: "legacy" } }] } },
        ],
        tls: [{ secretName: "web-tls" }],
      },
    };
    expect(referencesOf("Ingress", ingress).map((r) => `${r.kind}/${r.name}`)).toEqual([
      "Service/fallback",
      "Service/web",
      "Service/legacy",
      "Secret/web-tls",
    ]);
    const hpa = {
      metadata: { namespace: "shop" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "cart" } },
    };
    expect(referencesOf("HorizontalPodAutoscaler", hpa)).toEqual([
      { relation: "Scales", resource: "deployments.apps", kind: "Deployment", namespace: "shop", name: "cart" },
    ]);
  });

  it("finds a Deployment's ReplicaSets it controls and Pods by label; a Service's slices and pods", () => {
    const deployment = {
      metadata: { name: "web", uid: "d1" },
      spec: {
        selector: {
          matchLabels: { app: "web" },
          matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }],
        },
      },
    };
    expect(selectorQueriesOf("Deployment", deployment, "endpointslices.discovery.k8s.io")).toEqual([
      {
        relation: "ReplicaSets",
        resource: "replicasets.apps",
        kind: "ReplicaSet",
        labelSelector: "app=web,tier in (a,b)",
        ownerUid: "d1",
      },
      { relation: "Pods", resource: "pods", kind: "Pod", labelSelector: "app=web,tier in (a,b)" },
    ]);
    const service = { metadata: { name: "web" }, spec: { selector: { app: "web" } } };
    expect(
      selectorQueriesOf("Service", service, "endpointslices.discovery.k8s.io").map((q) => q.labelSelector),
    ).toEqual(["kubernetes.io/service-name=web", "app=web"]);
    // A selector-less Service selects nothing: never "every pod in the namespace".
    expect(selectorQueriesOf("Service", { metadata: { name: "ext" }, spec: {} }, "x")).toHaveLength(1);
    expect(
      selectorText({
        matchExpressions: [
          { key: "a", operator: "Exists" },
          { key: "b", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("a,!b");
  });
});

describe("event groups", () => {
  const event = (
    uid: string,
    object: string,
    type: string,
    lastSeen: string,
    count = 1,
    namespace = "shop",
  ): ResourceRow => ({
    uid,
    name: uid,
    namespace,
    resourceVersion: "1",
    createdAt: lastSeen,
    cells: { object, type, lastSeen, count, reason: "R", message: "m" },
    status: { label: type, tone: type === "Warning" ? "warn" : "info" },
  });

  it("groups by involved object, counts occurrences, and puts objects with warnings first", () => {
    const groups = groupEvents([
      event("1", "pod/web-1", "Normal", "2026-01-01T10:05:00Z", 2),
      event("2", "pod/ledger-1", "Warning", "2026-01-01T10:00:00Z", 40),
      event("3", "pod/web-1", "Normal", "2026-01-01T10:06:00Z"),
      event("4", "pod/ledger-1", "Normal", "2026-01-01T09:00:00Z"),
      event("5", "node/n1", "Normal", "2026-01-01T10:07:00Z", 1, "default"),
    ]);
    expect(groups.map((g) => [g.kind, g.name, g.warning, g.count])).toEqual([
      ["pod", "ledger-1", true, 41],
      ["node", "n1", false, 1],
      ["pod", "web-1", false, 3],
    ]);
    expect(groups[0]!.resource).toBe("pods");
    expect(groups[1]!.resource).toBe("nodes");
    expect(groups[2]!.events.map((e) => e.uid)).toEqual(["3", "1"]);
  });
});
