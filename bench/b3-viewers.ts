/**
 * B3's viewers, in a process of their own so their JSON parsing does not share the server's
 * event loop: opens N sockets, subscribes them, and records when each `bench-seq` label value
 * first reaches each viewer (epoch ms). On "stop" (stdin) prints one JSON line and exits.
 * Started by b3-event-latency.ts; not meant to be run by hand.
 */
import type { WatchSubscribeRequest } from "../lib/realtime/contract";
import { openLiveSocket, Subscriber } from "../tests/support/live-sockets";

type Input = {
  url: string;
  origin: string;
  sessions: string[];
  count: number;
  request: WatchSubscribeRequest;
  label: string;
};

async function main() {
  const input = JSON.parse(process.env.B3_VIEWERS ?? "{}") as Input;
  const viewers: Subscriber[] = [];
  for (let start = 0; start < input.count; start += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, input.count - start) }, async (_, index) => {
        const socket = await openLiveSocket(input.url, input.origin, {
          sessionToken: input.sessions[(start + index) % input.sessions.length],
        });
        const viewer = new Subscriber(socket);
        const ack = await viewer.subscribe(input.request);
        if (!ack.ok) throw new Error(ack.error.message);
        await viewer.until(() => viewer.snapshots === 1, "the snapshot", 120_000);
        return viewer;
      }),
    );
    viewers.push(...batch);
  }
  const receipts: Record<string, number[]> = {};
  for (const viewer of viewers) {
    const seen = new Set<string>();
    viewer.socket.on("watch:delta", (payload) => {
      const now = performance.timeOrigin + performance.now();
      for (const event of payload.events) {
        const seq = (event.row.labels as Record<string, string> | undefined)?.[input.label];
        if (seq === undefined || seen.has(seq)) continue;
        seen.add(seq);
        (receipts[seq] ??= []).push(now);
      }
    });
  }
  process.stdout.write(`${JSON.stringify({ ready: true, rows: viewers[0]?.rows.size ?? 0 })}\n`);
  process.stdin.once("data", () => {
    const finals = viewers.map((viewer) =>
      Object.fromEntries([...viewer.rows.values()].map((row) => [row.uid, row.resourceVersion])),
    );
    process.stdout.write(`${JSON.stringify({ receipts, finals })}\n`, () => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
