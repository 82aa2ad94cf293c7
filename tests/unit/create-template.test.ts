import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  apiVersionOf,
  createNamespace,
  manifestNames,
  startingNamespace,
  templateFor,
  withNamespace,
} from "@/lib/operations/create-template";

const configMap = { kind: "ConfigMap", group: "", version: "v1", namespaced: true };
const deployment = { kind: "Deployment", group: "apps", version: "v1", namespaced: true };
const clusterRole = { kind: "ClusterRole", group: "rbac.authorization.k8s.io", version: "v1", namespaced: false };

describe("create templates", () => {
  it("names the kind's apiVersion, kind, name and the picked namespace", () => {
    expect(parse(templateFor(configMap, "shop"))).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "example", namespace: "shop" },
      data: { key: "value" },
    });
    expect(apiVersionOf(deployment)).toBe("apps/v1");
  });

  it("gives a Deployment a selector that matches its template's labels", () => {
    const manifest = parse(templateFor(deployment, "shop"));
    expect(manifest.spec.selector.matchLabels).toEqual(manifest.spec.template.metadata.labels);
    expect(manifest.spec.template.spec.containers[0].image).toBe("nginx:1.20.2");
  });

  it("puts no namespace in a cluster-scoped kind's template, even when one is picked", () => {
    expect(parse(templateFor(clusterRole, "shop"))).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "example" },
    });
  });

  it("starts a custom resource with metadata only", () => {
    const widget = { kind: "Widget", group: "stable.example.com", version: "v1", namespaced: true };
    expect(parse(templateFor(widget, "batch"))).toEqual({
      apiVersion: "stable.example.com/v1",
      kind: "Widget",
      metadata: { name: "example", namespace: "batch" },
    });
  });
});

describe("the namespace picker and metadata.namespace", () => {
  it("rewrites metadata.namespace when another namespace is picked, keeping the rest and its comments", () => {
    const text =
      "# mine\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app # keep\n  namespace: shop\ndata:\n  a: b\n";
    const moved = withNamespace(text, "payments");
    expect(manifestNames(moved)).toEqual({ name: "app", namespace: "payments" });
    expect(moved).toContain("# mine");
    expect(moved).toContain("# keep");
    expect(parse(moved).data).toEqual({ a: "b" });
  });

  it("adds metadata.namespace when the YAML has none", () => {
    expect(manifestNames(withNamespace("kind: ConfigMap\nmetadata:\n  name: a\n", "shop"))).toEqual({
      name: "a",
      namespace: "shop",
    });
  });

  it("leaves YAML that does not parse as it is", () => {
    const broken = "kind: ConfigMap\nmetadata: [\n";
    expect(withNamespace(broken, "shop")).toBe(broken);
    expect(manifestNames(broken)).toBeNull();
  });

  it("agrees when picker and YAML say the same, or only one of them says it", () => {
    expect(createNamespace(true, "shop", "shop")).toEqual({ namespace: "shop" });
    expect(createNamespace(true, "shop", undefined)).toEqual({ namespace: "shop" });
    expect(createNamespace(true, undefined, "batch")).toEqual({ namespace: "batch" });
    expect(createNamespace(false, "shop", undefined)).toEqual({});
  });

  it("names metadata.namespace when the YAML says another namespace than the picker", () => {
    expect(createNamespace(true, "shop", "payments")).toEqual({
      problem: {
        path: "metadata.namespace",
        message: "metadata.namespace: the YAML says payments but the namespace picked is shop",
      },
    });
  });

  it("names the namespace when a namespaced kind has none", () => {
    expect(createNamespace(true, undefined, undefined)).toEqual({
      problem: { path: "namespace", message: "namespace: pick the namespace to create it in" },
    });
  });
});

describe("the namespace a Create dialog starts on", () => {
  const allowed = ["default", "payments", "shop"];

  it("is the list's one namespace when the identity may create there", () => {
    expect(startingNamespace(allowed, ["shop"])).toBe("shop");
  });

  it("is the first listed namespace it may create in, else the first it may create in", () => {
    expect(startingNamespace(allowed, ["kube-system", "payments"])).toBe("payments");
    expect(startingNamespace(allowed, ["kube-system"])).toBe("default");
    expect(startingNamespace(allowed, [])).toBe("default");
    expect(startingNamespace([], ["shop"])).toBeUndefined();
  });
});
