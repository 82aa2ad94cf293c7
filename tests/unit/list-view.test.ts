import { describe, expect, it } from "vitest";
import {
  formatAge,
  nextSort,
  parseListView,
  pluralTitle,
  sortParam,
  windowFor,
  type ListColumn,
} from "@/lib/resources/list-view";

const COLUMNS: ListColumn[] = [
  { id: "name", title: "Name", type: "text" },
  { id: "status", title: "Status", type: "status" },
  { id: "age", title: "Age", type: "age" },
];

describe("list view URL state", () => {
  it("reads namespaces, filter and sort from a link", () => {
    expect(parseListView({ ns: "shop,payments", q: "web", sort: "-age" }, COLUMNS)).toEqual({
      namespaces: ["shop", "payments"],
      filter: "web",
      sort: { column: "age", direction: "desc" },
    });
  });

  it("drops what the subscription would refuse, so a hand-edited link still opens a list", () => {
    const view = parseListView({ ns: "shop,Bad_NS,,shop", q: "x".repeat(300), sort: "nope" }, COLUMNS);
    expect(view).toEqual({ namespaces: ["shop"], filter: "x".repeat(256) });
    expect(
      parseListView({ ns: Array.from({ length: 60 }, (_, i) => `n${i}`).join(",") }, COLUMNS).namespaces,
    ).toHaveLength(50);
  });

  it("cycles a column's sort ascending, descending, off, and writes it back", () => {
    const asc = nextSort(undefined, "age");
    expect(sortParam(asc)).toBe("age");
    const desc = nextSort(asc, "age");
    expect(sortParam(desc)).toBe("-age");
    expect(nextSort(desc, "age")).toBeUndefined();
    expect(nextSort(desc, "name")).toEqual({ column: "name", direction: "asc" });
  });
});

describe("windows", () => {
  it("cover the visible step and one step either side, changing only across steps", () => {
    expect(windowFor(0)).toEqual({ offset: 0, limit: 300 });
    expect(windowFor(150)).toEqual({ offset: 0, limit: 300 });
    expect(windowFor(250)).toEqual({ offset: 100, limit: 300 });
    expect(windowFor(299)).toEqual(windowFor(250));
  });
});

describe("labels", () => {
  it("pluralizes kind names as the navigation shows them", () => {
    expect(["Deployment", "Ingress", "NetworkPolicy", "Endpoints", "Pod"].map(pluralTitle)).toEqual([
      "Deployments",
      "Ingresses",
      "NetworkPolicies",
      "Endpoints",
      "Pods",
    ]);
  });

  it("formats ages kubectl-style and a missing time as a dash", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(formatAge("2026-12-01T11:59:15Z", now)).toBe("45s");
    expect(formatAge("2026-12-01T11:00:00Z", now)).toBe("60m");
    expect(formatAge("2026-11-28T12:00:00Z", now)).toBe("3d");
    expect(formatAge(null, now)).toBe("—");
  });
});
