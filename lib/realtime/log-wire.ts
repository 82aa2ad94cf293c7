/**
 * The `logs:lines` wire format (docs/logs.md, Socket contract; decision 0135): a batch travels as
 * column arrays, not one object per line. socket.io's encoder then walks three flat arrays of
 * primitives instead of an object per line, and JSON writes no key per line. `streams` names each
 * (pod, container) once; `stream[i]`, `ts[i]` and `text[i]` are line i. Isomorphic: the server
 * encodes once per room, the browser and the tests decode.
 */
import type { LogLinePayload, LogsLinesPayload } from "./contract";

export function encodeLogLines(subscriptionId: string, lines: readonly LogLinePayload[]): LogsLinesPayload {
  const streams: [string, string][] = [];
  const index = new Map<string, number>();
  const stream = new Array<number>(lines.length);
  const ts = new Array<string>(lines.length);
  const text = new Array<string>(lines.length);
  let lastPod: string | undefined;
  let lastContainer: string | undefined;
  let current = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Runs of one container are the rule: the map is asked only when the container changes.
    if (line.pod !== lastPod || line.container !== lastContainer) {
      const key = `${line.pod}\u0000${line.container}`;
      let found = index.get(key);
      if (found === undefined) {
        found = streams.length;
        index.set(key, found);
        streams.push([line.pod, line.container]);
      }
      current = found;
      lastPod = line.pod;
      lastContainer = line.container;
    }
    stream[i] = current;
    ts[i] = line.ts;
    text[i] = line.text;
  }
  return { subscriptionId, streams, stream, ts, text };
}

export function decodeLogLines(payload: Omit<LogsLinesPayload, "subscriptionId">): LogLinePayload[] {
  const out: LogLinePayload[] = [];
  const count = Math.min(payload.stream.length, payload.ts.length, payload.text.length);
  for (let i = 0; i < count; i++) {
    const named = payload.streams[payload.stream[i]!];
    if (!named) continue;
    out.push({ pod: named[0], container: named[1], ts: payload.ts[i]!, text: payload.text[i]! });
  }
  return out;
}
