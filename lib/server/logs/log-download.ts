import { Readable } from "node:stream";
import type { LogQuery } from "@/lib/validations/logs";
import type { LogAccess } from "./log-access";
import { getLogHub } from "./log-hub";
import { formatLine, LineSplitter, splitTimestamp } from "./log-lines";
import { openLogRequest } from "./log-stream";
import { resolveContainer } from "./pod-containers";

/**
 * The REST log (docs/logs.md): one container's log as plain text, read through the guarded
 * transport and passed on as the client reads it (a slow client slows the upstream read; nothing
 * piles up here). `follow=true` keeps it open for at most FOLLOW_MAX_MS; a finished read is capped
 * at DOWNLOAD_MAX_BYTES. Each one holds a slot of the cluster's and the org's log stream limits.
 */

export const DOWNLOAD_MAX_BYTES = 32 * 1024 * 1024;
export const FOLLOW_MAX_MS = Number(process.env.PILOTHOUSE_LOG_FOLLOW_MAX_SECONDS || 300) * 1000;

export async function logResponse(
  access: LogAccess,
  namespace: string,
  pod: string,
  query: LogQuery,
): Promise<Response> {
  const container = await resolveContainer(access.connection, access.impersonate, namespace, pod, query.container);
  const release = getLogHub().reserveStream(access);
  const abort = new AbortController();
  const deadline = query.follow ? setTimeout(() => abort.abort(), FOLLOW_MAX_MS) : undefined;
  const done = () => {
    clearTimeout(deadline);
    abort.abort(); // a client that went away closes the upstream too
    release();
  };
  try {
    const response = await openLogRequest(
      access,
      { namespace, pod, container },
      {
        timestamps: true,
        tailLines: query.tailLines,
        sinceSeconds: query.sinceSeconds,
        ...(query.previous && { previous: true }),
        ...(query.follow && !query.previous ? { follow: true } : { limitBytes: DOWNLOAD_MAX_BYTES }),
      },
      abort.signal,
    );
    const body = formatted(response.stream, query.timestamps === true, abort.signal);
    body.once("close", done);
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    done();
    throw error;
  }
}

/** Lines re-printed with or without their timestamp, pulled as the client reads. */
function formatted(stream: AsyncIterable<Buffer>, timestamps: boolean, signal: AbortSignal): Readable {
  async function* lines() {
    const splitter = new LineSplitter();
    const print = (raw: string) => `${formatLine(splitTimestamp(raw), timestamps)}\n`;
    try {
      for await (const chunk of stream) {
        const text = splitter.push(chunk).map(print).join("");
        if (text) yield Buffer.from(text);
      }
      const last = splitter.end();
      if (last !== undefined) yield Buffer.from(print(last));
    } catch (error) {
      // The follow deadline ends the body normally; anything else ends it with an error.
      if (!signal.aborted) throw error;
    }
  }
  return Readable.from(lines());
}
