import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  findServed,
  groupVersionPaths,
  servedCatalog,
  snapshotFromDocuments,
  type DiscoveryDocuments,
} from "@/lib/resources/versions";

/** Discovery documents by path, recorded (1.20) or written (1.25, 1.31); see tests/fixtures/discovery/README.md. */
function documents(release: "1.20" | "1.25" | "1.31"): DiscoveryDocuments {
  const file = path.join(process.cwd(), "tests", "fixtures", "discovery", `kubernetes-${release}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { documents: DiscoveryDocuments }).documents;
}

function catalogOf(docs: DiscoveryDocuments) {
  return servedCatalog(snapshotFromDocuments(docs));
}

function versionOf(docs: DiscoveryDocuments, name: string) {
  const served = findServed(catalogOf(docs), name);
  return served && `${served.group ? `${served.group}/` : ""}${served.version}`;
}

describe("choosing the served version of each known kind", () => {
  it.each([
    ["horizontalpodautoscalers.autoscaling", "autoscaling/v2beta2", "autoscaling/v2", "autoscaling/v2"],
    ["cronjobs.batch", "batch/v1beta1", "batch/v1", "batch/v1"],
    ["endpointslices.discovery.k8s.io", "discovery.k8s.io/v1beta1", "discovery.k8s.io/v1", "discovery.k8s.io/v1"],
    ["poddisruptionbudgets.policy", "policy/v1beta1", "policy/v1", "policy/v1"],
    ["ingresses.networking.k8s.io", "networking.k8s.io/v1", "networking.k8s.io/v1", "networking.k8s.io/v1"],
    ["deployments.apps", "apps/v1", "apps/v1", "apps/v1"],
    ["pods", "v1", "v1", "v1"],
    [
      "customresourcedefinitions.apiextensions.k8s.io",
      "apiextensions.k8s.io/v1",
      "apiextensions.k8s.io/v1",
      "apiextensions.k8s.io/v1",
    ],
  ])("%s: 1.20 → %s, 1.25 → %s, 1.31 → %s", (name, v120, v125, v131) => {
    expect(versionOf(documents("1.20"), name)).toBe(v120);
    expect(versionOf(documents("1.25"), name)).toBe(v125);
    expect(versionOf(documents("1.31"), name)).toBe(v131);
  });

  it("prefers the kind's order over the cluster's: 1.20 prefers autoscaling/v1, Pilothouse wants v2beta2", () => {
    const apis = documents("1.20")["/apis"] as { groups: { name: string; preferredVersion: { version: string } }[] };
    expect(apis.groups.find((group) => group.name === "autoscaling")?.preferredVersion.version).toBe("v1");
    expect(versionOf(documents("1.20"), "horizontalpodautoscalers.autoscaling")).toBe("autoscaling/v2beta2");
  });

  it("serves every one of the 33 known kinds on each release", () => {
    for (const release of ["1.20", "1.25", "1.31"] as const) {
      expect(catalogOf(documents(release)).known, release).toHaveLength(33);
    }
  });

  it("reads scope and verbs from discovery", () => {
    const nodes = findServed(catalogOf(documents("1.20")), "nodes");
    expect(nodes).toMatchObject({ namespaced: false, kind: "Node", plural: "nodes" });
    expect(nodes?.verbs).toContain("watch");
  });

  it("leaves out a kind the cluster does not serve at any preferred version", () => {
    const docs = { ...documents("1.20") };
    delete docs["/apis/discovery.k8s.io/v1beta1"];
    const catalog = catalogOf(docs);
    expect(findServed(catalog, "endpointslices.discovery.k8s.io")).toBeUndefined();
    expect(catalog.known).toHaveLength(32);
  });
});

describe("the other served resources", () => {
  it("lists CRDs and unknown built-ins as kubectl names them, at the group's preferred version", () => {
    const other = catalogOf(documents("1.25")).other;
    expect(other.find((resource) => resource.name === "certificates.cert-manager.io")).toEqual({
      name: "certificates.cert-manager.io",
      kind: "Certificate",
      group: "cert-manager.io",
      version: "v1",
      plural: "certificates",
      namespaced: true,
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    });
    expect(other.find((resource) => resource.name === "clusterissuers.cert-manager.io")?.namespaced).toBe(false);
    expect(other.find((resource) => resource.name === "leases.coordination.k8s.io")?.version).toBe("v1");
    expect(other.find((resource) => resource.name === "flowschemas.flowcontrol.apiserver.k8s.io")?.version).toBe(
      "v1beta2",
    );
  });

  it("lists aggregated APIs (metrics.k8s.io) that answer", () => {
    const other = catalogOf(documents("1.31")).other;
    expect(other.find((resource) => resource.name === "pods.metrics.k8s.io")).toMatchObject({
      kind: "PodMetrics",
      version: "v1beta1",
      verbs: ["get", "list"],
    });
  });

  it("skips subresources, resources that cannot be listed, and legacy copies of known kinds", () => {
    const names = catalogOf(documents("1.20")).other.map((resource) => resource.name);
    expect(names.some((name) => name.includes("/"))).toBe(false);
    // tokenreviews and selfsubjectaccessreviews can only be created; bindings only created.
    expect(names).not.toContain("tokenreviews.authentication.k8s.io");
    expect(names).not.toContain("selfsubjectaccessreviews.authorization.k8s.io");
    expect(names).not.toContain("bindings");
    // extensions/v1beta1 ingresses and events.k8s.io events are the same objects as known kinds.
    expect(names).not.toContain("ingresses.extensions");
    expect(names).not.toContain("events.events.k8s.io");
    expect(names).toEqual(
      expect.arrayContaining(["podtemplates", "replicationcontrollers", "leases.coordination.k8s.io"]),
    );
  });

  it("never lists a resource twice or both as known and other", () => {
    const catalog = catalogOf(documents("1.20"));
    const names = [...catalog.known, ...catalog.other].map((resource) => resource.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("a discovery that failed in part", () => {
  it("loses only the resources of the group-version that did not answer, and says which", () => {
    const docs = { ...documents("1.31") };
    delete docs["/apis/metrics.k8s.io/v1beta1"];
    const snapshot = snapshotFromDocuments(docs);
    expect(snapshot.failed).toEqual(["metrics.k8s.io/v1beta1"]);
    const catalog = servedCatalog(snapshot);
    expect(findServed(catalog, "pods.metrics.k8s.io")).toBeUndefined();
    expect(catalog.known).toHaveLength(33);
  });

  it("fetches every group-version the group list names, and only well-formed ones", () => {
    const paths = groupVersionPaths(documents("1.20")["/apis"]);
    expect(paths).toContain("/apis/autoscaling/v2beta2");
    expect(paths).toHaveLength(36);
    const hostile = { groups: [{ name: "x", versions: [{ groupVersion: "../../api/v1?watch=1", version: "v1" }] }] };
    expect(groupVersionPaths(hostile)).toEqual([]);
  });

  it("survives documents of the wrong shape", () => {
    const snapshot = snapshotFromDocuments({ "/api/v1": { resources: "nope" }, "/apis": { groups: [null, 7] } });
    expect(servedCatalog(snapshot)).toEqual({ known: [], other: [] });
  });
});
