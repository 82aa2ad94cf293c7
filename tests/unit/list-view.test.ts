import { describe, expect, it } from "vitest";
import {
  formatAge,
  listViewQuery,
  nextSort,
  parseListView,
  visibleColumns,
  pluralTitle,
  sortParam,
  windowFor,
  type ListColumn,
} from "@/lib/resources/list-view";
import { listStateOfView, viewStateOf } from "@/lib/resources/view-state";

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
      labelSelector: "",
      columns: [],
      clusterIds: [],
      sort: { column: "age", direction: "desc" },
    });
  });

  it("drops what the subscription would refuse, so a hand-edited link still opens a list", () => {
    const view = parseListView({ ns: "shop,Bad_NS,,shop", q: "x".repeat(300), sort: "nope" }, COLUMNS);
    expect(view).toEqual({
      namespaces: ["shop"],
      filter: "x".repeat(256),
      labelSelector: "",
      columns: [],
      clusterIds: [],
    });
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

describe("columns, clusters and label selectors in the URL", () => {
  const A = "0b4f3f7e-6c1a-4c36-9a57-2f0d2b8a1c11";
  const B = "5d2e8a90-1f3b-4f6e-8c1d-7a9b0c2d3e44";

  it("keeps known columns and cluster ids, drops the rest, and writes them back in the same link", () => {
    const view = parseListView({ cols: "status,nope,name,status", clusters: `${A},x,${B}`, l: " app=web " }, COLUMNS);
    expect(view).toMatchObject({ columns: ["status", "name"], clusterIds: [A, B], labelSelector: "app=web" });
    expect(listViewQuery(view)).toBe(`?l=app%3Dweb&cols=status%2Cname&clusters=${A}%2C${B}`);
  });

  it("shows picked columns in the kind's order, and always the name", () => {
    expect(visibleColumns(COLUMNS, ["age"]).map((column) => column.id)).toEqual(["name", "age"]);
    expect(visibleColumns(COLUMNS, [])).toEqual(COLUMNS);
  });

  it("opens a saved view as the list state it was saved from", () => {
    const list = parseListView({ ns: "payments", q: "crash", sort: "-age", cols: "name,status" }, COLUMNS);
    const saved = { clusterIds: [A], state: viewStateOf(list) };
    expect(listStateOfView(saved)).toEqual(list);
    // A cross-cluster view carries its clusters in the link; a one-cluster view is the cluster's own list.
    expect(listStateOfView({ clusterIds: [A, B], state: saved.state }).clusterIds).toEqual([A, B]);
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
