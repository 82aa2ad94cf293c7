import { describe, expect, it } from "vitest";
import { LiveAggregateClient } from "@/lib/realtime/live-aggregate";
import { isAwaitingAnswer, LiveList } from "@/lib/realtime/live-list";
import { cardFreshness } from "@/lib/resources/fleet";
import { clusterFreshness } from "@/lib/server/aggregates/fleet";
import { FakeSocket } from "../support/fake-socket";

/**
 * The freshness a page says (docs/realtime.md, "In the browser"): "Connecting…" until the server
 * first answers, "Reconnecting…" only once something was lost, and on the fleet home each
 * cluster's own truth.
 */
const row = { uid: "u1", name: "web", resourceVersion: "1", cells: {}, status: { label: "Running", tone: "ok" } };

describe("a live list's state", () => {
  it("is connecting, never reconnecting, until the first snapshot; reconnecting only after a drop", () => {
    const socket = new FakeSocket(false);
    const list = new LiveList(socket as never, { clusterId: "c", resource: "pods" });
    const seen: string[] = [list.getState().state];
    list.onChange(() => seen.push(list.getState().state));
    list.start();
    socket.connect();
    expect(list.getState().state).toBe("connecting");
    socket.fire("watch:snapshot", { subscriptionId: "s1", rows: [row], resourceVersion: "1" });
    expect(list.getState().state).toBe("live");
    expect(seen).not.toContain("reconnecting");

    socket.drop();
    expect(list.getState().state).toBe("reconnecting");
    socket.connect();
    expect(list.getState().state).toBe("reconnecting");
    socket.fire("watch:snapshot", { subscriptionId: "s2", rows: [row], resourceVersion: "2" });
    expect(list.getState().state).toBe("live");
    list.dispose();
  });

  it("keeps rows the server rendered as connecting until the first window confirms them", () => {
    const socket = new FakeSocket(false);
    const seed = { rows: [row as never], total: 1, sources: [] };
    const list = new LiveList(socket as never, { clusterId: "c", resource: "pods" }, seed);
    list.start();
    socket.connect();
    expect(list.getState()).toMatchObject({ state: "connecting", total: 1 });
    socket.fire("watch:window", { subscriptionId: "s1", entries: [{ row }], total: 1 });
    expect(list.getState().state).toBe("live");
  });

  it("says a stale upstream over a live socket, with the upstream's time", () => {
    const socket = new FakeSocket(false);
    const list = new LiveList(socket as never, { clusterId: "c", resource: "pods" });
    list.start();
    socket.connect();
    const since = "2026-12-01T14:02:00.000Z";
    socket.fire("watch:status", { subscriptionId: "s1", state: "stale", since, clusterId: "c" });
    expect(list.getState()).toMatchObject({ state: "stale", since });
  });

  it("waits for an answer while connecting or reconnecting, not when live or stale", () => {
    expect(["connecting", "reconnecting", "live", "stale"].map((state) => isAwaitingAnswer(state as never))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("a live aggregate's state", () => {
  it("is connecting until the first figures, then the upstreams'; reconnecting only after a drop", () => {
    const socket = new FakeSocket(false);
    const client = new LiveAggregateClient(socket as never, { view: "fleet" });
    client.start();
    expect(client.getState()).toMatchObject({ state: "connecting", connection: { state: "connecting" } });
    socket.connect();
    // Subscribed, but no figures yet: nothing was lost, and nothing is live either.
    expect(client.getState().state).toBe("connecting");
    const since = "2026-12-01T14:02:00.000Z";
    socket.fire("aggregate:update", {
      subscriptionId: "s1",
      view: "fleet",
      state: "stale",
      since,
      reason: "cluster b has not answered",
      data: { clusters: [] },
    });
    expect(client.getState()).toMatchObject({
      state: "stale",
      since,
      reason: "cluster b has not answered",
      connection: { state: "live" },
    });

    socket.drop();
    expect(client.getState()).toMatchObject({ state: "reconnecting", connection: { state: "reconnecting" } });
    expect(client.getState().data).toEqual({ clusters: [] });
    socket.connect();
    expect(client.getState().state).toBe("reconnecting");
    socket.fire("aggregate:update", {
      subscriptionId: "s2",
      view: "fleet",
      state: "live",
      since,
      data: { clusters: [] },
    });
    expect(client.getState()).toMatchObject({ state: "live", connection: { state: "live" } });
    client.dispose();
  });
});

describe("a fleet card's freshness", () => {
  const live = { state: "live" as const, since: "2026-12-01T14:00:00.000Z" };
  const healthy = { status: "healthy", checkedAt: "2026-12-01T14:00:00.000Z", lastError: null };

  it("is the cluster's own upstreams' truth while the socket is live", () => {
    const stale = {
      state: "stale" as const,
      since: "2026-12-01T14:02:00.000Z",
      reason: "The cluster has not answered",
    };
    expect(cardFreshness(live, stale, healthy)).toEqual(stale);
    expect(cardFreshness(live, undefined, healthy)).toEqual({ state: "connecting", since: null });
  });

  it("is the socket's state while the socket is not live: the figures are old", () => {
    const reconnecting = { state: "reconnecting" as const, since: "2026-12-01T14:05:00.000Z" };
    expect(cardFreshness(reconnecting, { state: "live", since: null }, healthy)).toEqual(reconnecting);
  });

  it("is unreachable with the health check's reason when the check fails", () => {
    const down = { status: "unreachable", checkedAt: "2026-12-01T14:03:00.000Z", lastError: "connect ECONNREFUSED" };
    expect(cardFreshness(live, { state: "live", since: null }, down)).toEqual({
      state: "unreachable",
      since: "2026-12-01T14:03:00.000Z",
      reason: "connect ECONNREFUSED",
    });
  });

  it("says connecting for upstreams that have not listed yet, and keeps a lost one's reason", () => {
    const since = "2026-12-01T14:02:00.000Z";
    expect(clusterFreshness({ state: "reconnecting", since })).toEqual({ state: "connecting", since });
    expect(clusterFreshness({ state: "reconnecting", since, reason: "watch dropped" })).toEqual({
      state: "reconnecting",
      since,
      reason: "watch dropped",
    });
    expect(clusterFreshness(null)).toEqual({ state: "live", since: null });
  });
});
