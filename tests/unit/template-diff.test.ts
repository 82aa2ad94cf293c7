import { describe, expect, it } from "vitest";
import { diffTemplates, envText, sameTemplate, templateYamlDiff } from "@/lib/operations/template-diff";

const template = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: "web", "pod-template-hash": "abc" } },
  spec: { containers: [{ name: "web", image: "nginx:1.19.6", ...container }], ...extra },
});

describe("diffTemplates", () => {
  it("names image, env, resources, probe, command, args and volume changes per container", () => {
    const before = template(
      { env: [{ name: "MODE", value: "blue" }], args: ["--a"] },
      { volumes: [{ name: "data", emptyDir: {} }] },
    );
    const after = template(
      {
        image: "nginx:1.20.2",
        env: [
          { name: "MODE", value: "green" },
          { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        ],
        resources: { limits: { cpu: "1" } },
        readinessProbe: { httpGet: { path: "/", port: 80 } },
        command: ["nginx"],
      },
      {},
    );
    const changes = diffTemplates(before, after);
    expect(changes).toEqual([
      { area: "image", container: "web", before: "nginx:1.19.6", after: "nginx:1.20.2" },
      { area: "env", container: "web", item: "MODE", before: "blue", after: "green" },
      { area: "env", container: "web", item: "PASSWORD", before: null, after: "from Secret db key password" },
      { area: "resources", container: "web", before: null, after: '{"limits":{"cpu":"1"}}' },
      {
        area: "probes",
        container: "web",
        item: "readinessProbe",
        before: null,
        after: '{"httpGet":{"path":"/","port":80}}',
      },
      { area: "command", container: "web", before: null, after: '["nginx"]' },
      { area: "args", container: "web", before: '["--a"]', after: null },
      { area: "volumes", item: "data", before: '{"emptyDir":{},"name":"data"}', after: null },
    ]);
  });

  it("reports added and removed containers", () => {
    const after = {
      spec: {
        containers: [
          { name: "web", image: "nginx:1.19.6" },
          { name: "sidecar", image: "envoy" },
        ],
      },
    };
    expect(diffTemplates(template({}), after)).toEqual([
      { area: "container", container: "sidecar", before: null, after: "present" },
    ]);
  });
});

describe("sameTemplate", () => {
  it("ignores the controller's hash labels and key order, not list order", () => {
    const a = template({});
    const b = { spec: { containers: [{ image: "nginx:1.19.6", name: "web" }] }, metadata: { labels: { app: "web" } } };
    expect(sameTemplate(a, b)).toBe(true);
    expect(sameTemplate(a, template({ image: "nginx:1.20.2" }))).toBe(false);
  });
});

describe("templateYamlDiff and envText", () => {
  it("diffs the templates as YAML with the revisions as labels", () => {
    const text = templateYamlDiff("revision 1", template({}), "revision 2", template({ image: "nginx:1.20.2" }));
    expect(text).toContain("--- revision 1");
    expect(text).toContain("+++ revision 2");
    expect(text).toContain("-    - image: nginx:1.19.6");
    expect(text).toContain("+    - image: nginx:1.20.2");
    expect(text).not.toContain("pod-template-hash");
  });

  it("shows where an env value comes from, never a Secret's value", () => {
    expect(envText({ name: "A", valueFrom: { configMapKeyRef: { name: "cm", key: "k" } } })).toBe(
      "from ConfigMap cm key k",
    );
    expect(envText({ name: "B", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } })).toBe(
      "from field metadata.name",
    );
  });
});
