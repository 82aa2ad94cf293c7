import { describe, expect, it } from "vitest";
import { actionHref, paletteActions, parseActionQuery, type ObjectHit } from "@/lib/resources/palette";
import { findKind } from "@/lib/resources/registry";

const hit: ObjectHit = {
  clusterId: "c0ffee00-0000-4000-8000-000000000001",
  clusterName: "prod",
  resource: "deployments.apps",
  kind: "Deployment",
  namespace: "shop",
  name: "web",
  status: { label: "Available", tone: "ok" },
};

describe("palette action queries", () => {
  it("reads a leading action word and searches the rest", () => {
    expect(parseActionQuery("scale web")).toEqual({ action: "scale", text: "web" });
    expect(parseActionQuery("  Restart  shop cart ")).toEqual({ action: "restart", text: "shop cart" });
    expect(parseActionQuery("yaml settings")).toEqual({ action: "edit", text: "settings" });
    expect(parseActionQuery("logs api")).toEqual({ action: "logs", text: "api" });
  });

  it("searches the whole query when it does not start with an action word, or is the word alone", () => {
    expect(parseActionQuery("web frontend")).toEqual({ text: "web frontend" });
    expect(parseActionQuery("scale")).toEqual({ text: "scale" });
    expect(parseActionQuery(" scale ")).toEqual({ text: "scale" });
  });
});

describe("actions a kind offers", () => {
  it("offers a Deployment scale, restart, pause or resume by its state, rollback, logs and edit", () => {
    const actions = findKind("deployments.apps")!.actions;
    expect(paletteActions(actions, false)).toEqual(["open", "scale", "restart", "pause", "rollback", "logs", "edit"]);
    expect(paletteActions(actions, true)).toContain("resume");
    expect(paletteActions(actions, null)).not.toContain("pause");
  });

  it("offers a ConfigMap only opening and editing, a DaemonSet no scale", () => {
    expect(paletteActions(findKind("configmaps")!.actions, null)).toEqual(["open", "edit"]);
    expect(paletteActions(findKind("daemonsets.apps")!.actions, null)).not.toContain("scale");
  });

  it("leads page actions to the tab that does them", () => {
    const base = `/clusters/${hit.clusterId}/deployments.apps/shop/web`;
    expect(actionHref(hit, "open")).toBe(base);
    expect(actionHref(hit, "rollback")).toBe(`${base}?tab=revisions`);
    expect(actionHref(hit, "edit")).toBe(`${base}?tab=edit`);
    expect(actionHref(hit, "logs")).toBe(`${base}?tab=logs`);
  });
});
