import { describe, expect, it } from "vitest";
import { watchSubscribeRequest } from "@/lib/realtime/contract";

const cluster = "6f1c1c9e-8a3e-4c55-9b1f-0c2b8d3a7e11";

function issues(request: unknown) {
  const parsed = watchSubscribeRequest.safeParse(request);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("watch:subscribe requests", () => {
  it("accepts one cluster or several, one namespace or several, and a windowed query", () => {
    expect(issues({ clusterId: cluster, resource: "pods" })).toEqual([]);
    expect(issues({ clusterIds: [cluster], resource: "pods", namespaces: ["a", "b"] })).toEqual([]);
    expect(
      issues({
        clusterId: cluster,
        resource: "pods",
        query: { filter: "crash", sort: { column: "restarts", direction: "desc" }, window: { offset: 200, limit: 50 } },
      }),
    ).toEqual([]);
  });

  it("names the field of each mistake", () => {
    expect(issues({ resource: "pods" })).toEqual(["clusterId: give clusterId or clusterIds, not both"]);
    expect(issues({ clusterId: cluster, clusterIds: [cluster], resource: "pods" })[0]).toMatch(/^clusterId:/);
    expect(issues({ clusterId: cluster, resource: "pods", namespace: "a", namespaces: ["b"] })[0]).toMatch(
      /^namespaces:/,
    );
    expect(issues({ clusterIds: Array(21).fill(cluster), resource: "pods" })[0]).toMatch(/^clusterIds:/);
    expect(issues({ clusterId: cluster, resource: "pods", query: { window: { offset: 0, limit: 501 } } })[0]).toMatch(
      /^query\.window\.limit:/,
    );
    expect(issues({ clusterId: "not-a-uuid", resource: "pods" })[0]).toMatch(/^clusterId:/);
  });
});
