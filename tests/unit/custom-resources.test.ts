import { describe, expect, it } from "vitest";
import { compareKubeVersions, definitionFromCrd, genericDefinition, servedCrdVersions } from "@/lib/resources/custom";
import { evaluateJsonPath, parseJsonPath } from "@/lib/resources/jsonpath";
import { projectRow } from "@/lib/resources/project";
import type { KubeObject } from "@/lib/resources/types";

function evaluate(path: string, root: unknown) {
  const parsed = parseJsonPath(path);
  if (!parsed) throw new Error(`not parsed: ${path}`);
  return evaluateJsonPath(parsed, root);
}

const certificate = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: {
    name: "web",
    namespace: "shop",
    uid: "u1",
    resourceVersion: "7",
    creationTimestamp: "2026-11-01T00:00:00Z",
    labels: { "app.kubernetes.io/name": "web" },
  },
  spec: {
    secretName: "web-tls",
    dnsNames: ["a.example", "b.example"],
    issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
  },
  status: {
    renewals: 3,
    ratio: 0.75,
    notAfter: "2027-03-01T00:00:00Z",
    conditions: [
      { type: "Issuing", status: "False" },
      { type: "Ready", status: "True", reason: "Ready", message: "Certificate is up to date" },
    ],
  },
};

describe("the JSONPath subset of printer columns", () => {
  it.each([
    [".spec.secretName", ["web-tls"]],
    ["{.spec.secretName}", ["web-tls"]],
    ["$.spec.secretName", ["web-tls"]],
    [".spec.dnsNames[1]", ["b.example"]],
    [".spec.dnsNames[-1]", ["b.example"]],
    [".spec.dnsNames[*]", ["a.example", "b.example"]],
    [".spec.issuerRef['name']", ["letsencrypt"]],
    ['.spec.issuerRef["kind"]', ["ClusterIssuer"]],
    ['.status.conditions[?(@.type=="Ready")].status', ["True"]],
    [".status.conditions[?(@.type=='Issuing')].status", ["False"]],
    ['.status.conditions[?(@.type!="Ready")].type', ["Issuing"]],
    [".status.conditions[?(@.message)].type", ["Ready"]],
    [".metadata.labels.app\\.kubernetes\\.io/name", ["web"]],
    [".spec.missing.deeper", []],
    [".spec.dnsNames[5]", []],
  ])("%s", (path, expected) => {
    expect(evaluate(path, certificate)).toEqual(expected);
  });

  it.each(["", "spec.x", "..spec", ".spec[0:2]", ".spec[?(@.a > 1)]", ".spec[(@.length-1)]", `.${"a.".repeat(200)}b`])(
    "refuses %j",
    (path) => {
      expect(parseJsonPath(path)).toBeNull();
    },
  );

  it("gives up on documents too large to walk instead of walking them", () => {
    const wide = { items: Array.from({ length: 5_000 }, (_, index) => ({ index })) };
    expect(evaluate(".items[*].index", wide)).toEqual([]);
    expect(evaluate(".items[2].index", { items: wide.items.slice(0, 10) })).toEqual([2]);
  });

  it("returns at most 16 values", () => {
    expect(evaluate(".items[*]", { items: Array.from({ length: 100 }, (_, i) => i) })).toHaveLength(16);
  });
});

const crd: KubeObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "certificates.cert-manager.io" },
  spec: {
    group: "cert-manager.io",
    names: { kind: "Certificate", plural: "certificates" },
    scope: "Namespaced",
    versions: [
      { name: "v1alpha2", served: true, storage: false },
      { name: "v1beta1", served: false, storage: false },
      {
        name: "v1",
        served: true,
        storage: true,
        additionalPrinterColumns: [
          { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: "Secret", type: "string", jsonPath: ".spec.secretName" },
          { name: "Renewals", type: "integer", jsonPath: ".status.renewals", priority: 1 },
          { name: "Ratio", type: "number", jsonPath: ".status.ratio" },
          { name: "Expires", type: "date", jsonPath: ".status.notAfter" },
          { name: "Names", type: "string", jsonPath: ".spec.dnsNames" },
          { name: "Broken", type: "string", jsonPath: "..anything" },
          { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
        ],
      },
    ],
  },
};

describe("a definition built from a CRD", () => {
  const definition = definitionFromCrd(crd, "v1");

  it("takes names, scope and the served versions, preferred first", () => {
    expect(definition).toMatchObject({
      kind: "Certificate",
      group: "cert-manager.io",
      plural: "certificates",
      namespaced: true,
    });
    expect(definition.versions).toEqual(["v1", "v1alpha2"]);
    expect(servedCrdVersions(crd)).toEqual(["v1", "v1alpha2"]);
  });

  it("turns printer columns into columns, without the broken path or a second age", () => {
    expect(definition.columns.map((column) => [column.title, column.type, column.secondary ?? false])).toEqual([
      ["Name", "text", false],
      ["Namespace", "text", false],
      ["Ready", "text", false],
      ["Secret", "text", false],
      ["Renewals", "number", true],
      ["Ratio", "number", false],
      ["Expires", "age", false],
      ["Names", "text", false],
      ["Status", "status", false],
      ["Age", "age", false],
    ]);
  });

  it("projects cells typed like the apiserver's table, and a status from the Ready condition", () => {
    const row = projectRow(definition, certificate);
    const values = Object.fromEntries(definition.columns.map((column) => [column.title, column.value(row)]));
    expect(values).toMatchObject({
      Ready: "True",
      Secret: "web-tls",
      Renewals: 3,
      Ratio: 0.75,
      Expires: Date.parse("2027-03-01T00:00:00Z"),
      Names: '["a.example","b.example"]',
    });
    expect(row.status).toEqual({ label: "Ready", tone: "ok" });
    const failing = {
      ...certificate,
      status: { conditions: [{ type: "Ready", status: "False", message: "Issuer not found" }] },
    };
    expect(projectRow(definition, failing).status).toEqual({
      label: "Not ready",
      tone: "error",
      reason: "Issuer not found",
    });
  });

  it("falls back to name and age when the CRD declares no columns (v1beta1 CRD, cluster-scoped)", () => {
    const bare = definitionFromCrd({
      spec: {
        group: "example.com",
        version: "v1beta1",
        scope: "Cluster",
        names: { kind: "Widget", plural: "widgets" },
      },
    });
    expect(bare.versions).toEqual(["v1beta1"]);
    expect(bare.namespaced).toBe(false);
    expect(bare.columns.map((column) => column.id)).toEqual(["name", "status", "age"]);
    expect(projectRow(bare, { metadata: { name: "w", uid: "u" } }).status).toEqual({ label: "Active", tone: "info" });
  });

  it("uses v1beta1's top-level additionalPrinterColumns", () => {
    const legacy = definitionFromCrd({
      spec: {
        group: "example.com",
        version: "v1",
        names: { kind: "Widget", plural: "widgets" },
        additionalPrinterColumns: [{ name: "Size", type: "integer", JSONPath: ".spec.size" }],
      },
    });
    expect(legacy.columns.map((column) => column.title)).toContain("Size");
    expect(projectRow(legacy, { metadata: { name: "w" }, spec: { size: 4 } }).cells.c0).toBe(4);
  });

  it("caps a long string cell", () => {
    const row = projectRow(definition, {
      ...certificate,
      spec: { ...certificate.spec, secretName: "s".repeat(5_000) },
    });
    expect(String(row.cells.c1).length).toBeLessThanOrEqual(120);
  });
});

describe("a resource without a kind file or a readable CRD", () => {
  it("shows name, age and a Ready condition if it has one", () => {
    const definition = genericDefinition({
      kind: "PodMetrics",
      group: "metrics.k8s.io",
      version: "v1beta1",
      plural: "pods",
      namespaced: true,
    });
    expect(definition.columns.map((column) => column.id)).toEqual(["name", "namespace", "status", "age"]);
    expect(projectRow(definition, { metadata: { name: "p" } }).status.label).toBe("Active");
  });
});

describe("Kubernetes version order", () => {
  it("puts GA before beta before alpha, newer first, other names last", () => {
    const versions = ["v1alpha1", "foo", "v2beta1", "v1", "v1beta2", "v2", "v1beta1", "v11alpha2"];
    expect(versions.sort(compareKubeVersions)).toEqual([
      "v2",
      "v1",
      "v2beta1",
      "v1beta2",
      "v1beta1",
      "v11alpha2",
      "v1alpha1",
      "foo",
    ]);
  });
});
