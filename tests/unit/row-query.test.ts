import { describe, expect, it } from "vitest";
import type { ResourceRow } from "@/lib/resources/types";
import { compareText, queryRows, queryWindow, type RowQuery } from "@/lib/server/k8s/row-query";
import { refusalOf } from "../support/refusal";

function pod(name: string, namespace: string, restarts: number, status = "Running", labels = {}): ResourceRow {
  return {
    uid: `uid-${namespace}-${name}`,
    name,
    namespace,
    resourceVersion: "1",
    createdAt: null,
    labels: { app: name.split("-")[0]!, ...labels },
    cells: { restarts },
    status: { label: status, tone: status === "Running" ? "ok" : "error" },
  };
}

const rows = [
  pod("web-1", "shop", 0),
  pod("web-2", "shop", 3),
  pod("web-10", "shop", 1),
  pod("cart-1", "shop", 0, "CrashLoopBackOff"),
  pod("api-1", "payments", 7, "Running", { tier: "backend" }),
  pod("ledger-1", "payments", 12, "CrashLoopBackOff", { tier: "backend" }),
  pod("trainer-1", "batch", 0, "Pending"),
];

const restarts = {
  id: "restarts",
  value: (row: ResourceRow) => row.cells.restarts as number,
  direction: "desc" as const,
};
const names = (page: { rows: ResourceRow[] }) => page.rows.map((row) => `${row.namespace}/${row.name}`);

describe("queryRows", () => {
  it("sorts by namespace and name by default, naturally (web-2 before web-10)", () => {
    expect(names(queryRows(rows))).toEqual([
      "batch/trainer-1",
      "payments/api-1",
      "payments/ledger-1",
      "shop/cart-1",
      "shop/web-1",
      "shop/web-2",
      "shop/web-10",
    ]);
  });

  it("sorts by a column's value in either direction, ties broken by namespace and name", () => {
    const page = queryRows(rows, { sort: restarts });
    expect(names(page)).toEqual([
      "payments/ledger-1",
      "payments/api-1",
      "shop/web-2",
      "shop/web-10",
      "batch/trainer-1",
      "shop/cart-1",
      "shop/web-1",
    ]);
    const ascending = queryRows(rows, { sort: { ...restarts, direction: "asc" } });
    expect(names(ascending).slice(0, 3)).toEqual(["batch/trainer-1", "shop/cart-1", "shop/web-1"]);
  });

  it("puts empty values last in both directions", () => {
    const withEmpty = [...rows, { ...pod("no-node", "shop", 0), cells: { restarts: null } }];
    for (const direction of ["asc", "desc"] as const) {
      const page = queryRows(withEmpty, { sort: { ...restarts, direction } });
      expect(names(page).at(-1)).toBe("shop/no-node");
    }
  });

  it.each<[string, RowQuery, string[]]>([
    ["a case-insensitive name substring", { filter: "WEB-1" }, ["shop/web-1", "shop/web-10"]],
    ["a namespace substring", { filter: "pay" }, ["payments/api-1", "payments/ledger-1"]],
    ["a status label substring", { filter: "crashloop" }, ["payments/ledger-1", "shop/cart-1"]],
    ["namespaces", { namespaces: ["batch", "payments"] }, ["batch/trainer-1", "payments/api-1", "payments/ledger-1"]],
    ["a label selector", { labelSelector: "tier=backend,app!=api" }, ["payments/ledger-1"]],
    ["a set selector", { labelSelector: "app in (cart, trainer)" }, ["batch/trainer-1", "shop/cart-1"]],
    ["a field selector on the name", { fieldSelector: "metadata.name=web-2" }, ["shop/web-2"]],
    [
      "a field selector on the namespace",
      { fieldSelector: "metadata.namespace!=shop" },
      ["batch/trainer-1", "payments/api-1", "payments/ledger-1"],
    ],
    [
      "everything at once",
      { filter: "1", namespaces: ["shop"], labelSelector: "app=web" },
      ["shop/web-1", "shop/web-10"],
    ],
  ])("filters by %s", (_name, query, expected) => {
    const page = queryRows(rows, query);
    expect(names(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("filters workloads by a substring of the images they run", () => {
    const running = (name: string, images: string[]) => ({ ...pod(name, "shop", 0), cells: { images } });
    const workloads = [
      running("web", ["nginx:1.19.6", "envoy:1.2"]),
      running("cart", ["nginx:1.20.2"]),
      running("api", ["registry.test/api:3"]),
    ];
    expect(names(queryRows(workloads, { filter: "NGINX:1.2" }))).toEqual(["shop/cart"]);
    expect(names(queryRows(workloads, { filter: "nginx" }))).toEqual(["shop/cart", "shop/web"]);
    expect(names(queryRows(workloads, { filter: "registry.test/" }))).toEqual(["shop/api"]);
  });

  it("pages with a continue token until the rows run out", () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = queryRows(rows, { sort: restarts, limit: 3, continue: token });
      expect(page.total).toBe(rows.length);
      seen.push(...names(page));
      token = page.continue;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(names(queryRows(rows, { sort: restarts })));
  });

  it("neither repeats nor skips surviving rows when rows come and go between pages", () => {
    const first = queryRows(rows, { limit: 3 });
    expect(names(first)).toEqual(["batch/trainer-1", "payments/api-1", "payments/ledger-1"]);
    // Between pages: a row before the cursor is deleted, one is added before it and one after it.
    const changed = [...rows.filter((row) => row.name !== "api-1"), pod("aaa-1", "batch", 0), pod("cart-2", "shop", 0)];
    const second = queryRows(changed, { limit: 3, continue: first.continue });
    expect(names(second)).toEqual(["shop/cart-1", "shop/cart-2", "shop/web-1"]);
  });

  it("refuses a token from another query, a forged token and a bad limit, naming the field", () => {
    const { continue: token } = queryRows(rows, { limit: 2 });
    expect(token).toBeDefined();
    const other = refusalOf(() => queryRows(rows, { limit: 2, filter: "web", continue: token }));
    expect(other.path).toBe("continue");
    expect(other.message).toContain("different filter or sort");
    expect(refusalOf(() => queryRows(rows, { continue: "not-a-token" })).path).toBe("continue");
    const forged = Buffer.from(JSON.stringify({ anything: true })).toString("base64url");
    expect(refusalOf(() => queryRows(rows, { continue: forged })).path).toBe("continue");
    expect(refusalOf(() => queryRows(rows, { continue: "x".repeat(3000) })).path).toBe("continue");
    for (const limit of [0, 1001, 2.5]) expect(refusalOf(() => queryRows(rows, { limit })).path).toBe("limit");
  });

  it("refuses field selectors the cached rows cannot answer", () => {
    const error = refusalOf(() => queryRows(rows, { fieldSelector: "status.phase=Running" }));
    expect(error.path).toBe("fieldSelector");
    expect(error.message).toContain("status.phase");
  });
});

describe("compareText", () => {
  it("orders naturally and case-insensitively, numbers by value", () => {
    const words = [
      "pod-10",
      "Pod-9",
      "pod-2",
      "pod-002b",
      "pod-02a",
      "10.0.0.10",
      "10.0.0.9",
      "web",
      "Web-1",
      "api",
      "éclair",
      "zeta",
    ];
    expect([...words].sort(compareText)).toEqual([
      "10.0.0.9",
      "10.0.0.10",
      "api",
      "pod-2",
      "pod-02a",
      "pod-002b",
      "Pod-9",
      "pod-10",
      "web",
      "Web-1",
      "zeta",
      "éclair",
    ]);
  });

  it("is a total order: equal only for identical strings, antisymmetric otherwise", () => {
    const words = ["a1", "A1", "a01", "a001", "b", "B", "", "1", "01"];
    for (const a of words) {
      for (const b of words) {
        if (a === b) continue;
        expect(compareText(a, b)).not.toBe(0);
        expect(Math.sign(compareText(a, b))).toBe(-Math.sign(compareText(b, a)));
      }
    }
  });
});

describe("queryWindow", () => {
  const entries = rows.map((row, index) => ({ row, clusterId: index % 2 === 0 ? "a" : "b" }));
  const windowNames = (result: { entries: { row: ResourceRow }[] }) =>
    result.entries.map((entry) => `${entry.row.namespace}/${entry.row.name}`);

  it("cuts [offset, offset + limit) from the sorted, filtered rows and counts every match", () => {
    const result = queryWindow(entries, { sort: restarts, offset: 1, limit: 2 });
    expect(windowNames(result)).toEqual(["payments/api-1", "shop/web-2"]);
    expect(result.total).toBe(7);
    const filtered = queryWindow(entries, { filter: "crash", offset: 0, limit: 10 });
    expect(windowNames(filtered)).toEqual(["payments/ledger-1", "shop/cart-1"]);
    expect(filtered.total).toBe(2);
  });

  it("keeps what the caller attached to each row (the cluster of a cross-cluster list)", () => {
    const [first] = queryWindow(entries, { sort: restarts, offset: 0, limit: 1 }).entries;
    expect(first).toEqual({ row: rows[5], clusterId: "b" });
  });

  it("answers the same with a bounded selection as with a full sort", () => {
    const many = Array.from({ length: 400 }, (_, index) => ({
      row: pod(`web-${index}`, `ns-${index % 7}`, (index * 37) % 11),
    }));
    const shallow = queryWindow(many, { sort: restarts, offset: 10, limit: 5 }); // 15 * 8 < 400: bounded
    const deep = queryWindow(many, { sort: restarts, offset: 0, limit: 300 }); // full sort
    expect(windowNames(shallow)).toEqual(windowNames(deep).slice(10, 15));
  });

  it("refuses a window past its reach or a malformed one, naming the field", () => {
    expect(refusalOf(() => queryWindow(entries, { offset: 99_990, limit: 20 }))).toMatchObject({
      code: "INVALID_INPUT",
      path: "window",
    });
    expect(refusalOf(() => queryWindow(entries, { offset: -1, limit: 20 }))).toMatchObject({ path: "window" });
    expect(refusalOf(() => queryWindow(entries, { offset: 0, limit: 0 }))).toMatchObject({ path: "limit" });
  });
});
