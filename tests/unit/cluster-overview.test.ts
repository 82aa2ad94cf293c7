import { describe, expect, it } from "vitest";
import { formatBytes, formatCores, nodeUsage, troubled } from "@/lib/resources/cluster-overview";
import { podRequests } from "@/lib/resources/kinds/pod";
import type { ResourceRow } from "@/lib/resources/types";

const row = (name: string, cells: ResourceRow["cells"], tone: ResourceRow["status"]["tone"] = "ok"): ResourceRow => ({
  uid: name,
  name,
  namespace: "ns",
  resourceVersion: "1",
  createdAt: null,
  cells,
  status: { label: tone === "ok" ? "Running" : "Failing", tone, reason: "why" },
});

describe("pod requests", () => {
  it("sums containers, takes the largest init container when that is more, and adds the overhead", () => {
    const spec = {
      containers: [
        { resources: { requests: { cpu: "100m", memory: "128Mi" } } },
        { resources: { requests: { cpu: "250m" } } },
      ],
      initContainers: [{ resources: { requests: { cpu: "1", memory: "64Mi" } } }],
      overhead: { cpu: "10m" },
    };
    const requests = podRequests(spec);
    expect(requests.cpuRequest).toBeCloseTo(1.01);
    expect(requests.memoryRequest).toBe(128 * 2 ** 20);
    expect(podRequests({})).toEqual({ cpuRequest: 0, memoryRequest: 0 });
  });
});

describe("node usage", () => {
  it("adds up the requests of pods still holding their node, against allocatable", () => {
    const nodes = [row("n1", { cpu: "7900m", memory: "32Gi" }), row("n2", { cpu: "4", memory: "8Gi" })];
    const pods = [
      row("a", { node: "n1", phase: "Running", cpuRequest: 0.5, memoryRequest: 2 ** 30 }),
      row("b", { node: "n1", phase: "Pending", cpuRequest: 0.25, memoryRequest: 0 }),
      row("done", { node: "n1", phase: "Succeeded", cpuRequest: 4, memoryRequest: 2 ** 33 }),
      row("unscheduled", { node: null, phase: "Pending", cpuRequest: 64, memoryRequest: 0 }),
    ];
    const [n1, n2] = nodeUsage(nodes, pods);
    expect(n1).toMatchObject({ name: "n1", pods: 2, cpu: { requested: 0.75, allocatable: 7.9 } });
    expect(n1!.memory).toEqual({ requested: 2 ** 30, allocatable: 32 * 2 ** 30 });
    expect(n2).toMatchObject({ pods: 0, cpu: { requested: 0, allocatable: 4 } });
  });

  it("lists failing rows before waiting ones, and says figures briefly", () => {
    const rows = [row("w", {}, "warn"), row("ok", {}), row("e", {}, "error"), row("m", {}, "muted")];
    expect(troubled(rows).map((r) => r.name)).toEqual(["e", "w"]);
    expect([formatCores(0.25), formatCores(1.1), formatCores(7.9)]).toEqual(["250m", "1.1 cores", "7.9 cores"]);
    expect([formatBytes(1408 * 2 ** 20), formatBytes(32 * 2 ** 30), formatBytes(512)]).toEqual([
      "1.4 GiB",
      "32 GiB",
      "512 B",
    ]);
  });
});
