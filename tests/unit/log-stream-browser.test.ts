import { describe, expect, it } from "vitest";
import type { LogLinePayload, LogsStatusPayload } from "@/lib/realtime/contract";
import { LogStream } from "@/lib/realtime/log-stream";
import { FakeSocket } from "../support/fake-socket";

const line = (second: number, text = `line ${second}`): LogLinePayload => ({
  pod: "web-1",
  container: "web",
  ts: `2026-12-01T18:00:${String(second).padStart(2, "0")}.000000000Z`,
  text,
});

function started(capacity = 100) {
  const socket = new FakeSocket();
  const stream = new LogStream(socket as never, { clusterId: "c", namespace: "shop", pod: "web-1" }, capacity);
  stream.start();
  return { socket, stream };
}

describe("the browser's log stream", () => {
  it("keeps lines and markers in order and is live once subscribed", () => {
    const { socket, stream } = started();
    socket.fire("logs:lines", { subscriptionId: "s1", lines: [line(1), line(2)] });
    socket.fire("logs:status", { subscriptionId: "s1", kind: "restarted", pod: "web-1" } satisfies LogsStatusPayload);
    socket.fire("logs:lines", { subscriptionId: "other", lines: [line(9)] });
    const state = stream.getState();
    expect(state.phase).toBe("live");
    expect(state.entries.map((entry) => (entry.type === "line" ? entry.text : entry.kind))).toEqual([
      "line 1",
      "line 2",
      "restarted",
    ]);
  });

  it("resumes after a reconnect from the last line held, and drops an overlap", () => {
    const { socket, stream } = started();
    socket.fire("logs:lines", { subscriptionId: "s1", lines: [line(1), line(2)] });
    socket.fire("disconnect");
    expect(stream.getState().phase).toBe("reconnecting");
    socket.fire("connect");
    expect(socket.emitted.at(-1)).toMatchObject({ event: "logs:subscribe", payload: { sinceTime: line(2).ts } });
    socket.fire("logs:lines", { subscriptionId: "s2", lines: [line(1), line(3)] });
    expect(stream.getState().entries.map((entry) => entry.type === "line" && entry.text)).toEqual([
      "line 1",
      "line 2",
      "line 3",
    ]);
    expect(stream.getState().phase).toBe("live");
  });

  it("bounds its ring and counts what it dropped", () => {
    const { socket, stream } = started(100);
    socket.fire("logs:lines", {
      subscriptionId: "s1",
      lines: Array.from({ length: 250 }, (_, i) => line(Math.floor(i / 5))),
    });
    const state = stream.getState();
    expect(state.entries.length).toBeLessThanOrEqual(105);
    expect(state.dropped + state.entries.length).toBe(250);
    expect(state.firstSeq).toBe(state.dropped);
  });

  it("ends with refused when access is revoked, and subscribes again on RESUBSCRIBE", () => {
    const { socket, stream } = started();
    socket.fire("logs:status", { subscriptionId: "s1", kind: "error", code: "RESUBSCRIBE", message: "again" });
    expect(socket.emitted.filter((one) => one.event === "logs:subscribe")).toHaveLength(2);
    socket.fire("logs:status", { subscriptionId: "s2", kind: "error", code: "FORBIDDEN", message: "no more" });
    expect(stream.getState()).toMatchObject({ phase: "refused", error: { code: "FORBIDDEN", message: "no more" } });
    stream.dispose();
  });
});
