import type { Readable } from "node:stream";
import { AppError } from "@/lib/errors";

const NEWLINE = 0x0a;

/**
 * Split a watch stream into lines as it arrives, never holding more than one line (and at most
 * maxLineBytes of it): a watch is endless, and one event is one line of JSON. Async iteration
 * reads only as fast as the caller consumes, which keeps the socket's backpressure.
 */
export async function* readLines(stream: Readable, maxLineBytes: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      assertWithin(length + piece.length, maxLineBytes);
      const line = parts.length === 0 ? piece : Buffer.concat([...parts, piece], length + piece.length);
      parts = [];
      length = 0;
      start = end + 1;
      if (line.length > 0) yield line;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      length += rest.length;
      assertWithin(length, maxLineBytes);
      parts.push(rest);
    }
  }
  if (length > 0) yield Buffer.concat(parts, length);
}

function assertWithin(length: number, maxLineBytes: number) {
  if (length > maxLineBytes) {
    throw new AppError("CLUSTER_UNREACHABLE", `The cluster sent a watch event larger than ${maxLineBytes} bytes`);
  }
}
