import { StringDecoder } from "node:string_decoder";

/**
 * Log lines as the hub handles them: split from a byte stream with a bound on line length, and
 * read apart into the kubelet's timestamp and the text (docs/logs.md). Pure and synchronous.
 */

/** One line of one container, as every viewer receives it. `ts` is RFC 3339 with 9 fraction digits. */
export type LogLine = { pod: string; container: string; ts: string; text: string };

/** Past this many characters a line is cut and marked: one huge line must not hold a stream's memory. */
export const MAX_LINE_CHARS = 16 * 1024;
const CUT_MARK = " …[line cut]";

/**
 * Splits chunks into lines, keeping at most maxLineChars of a line in progress (the rest of an
 * overlong line is dropped, not buffered). Each chunk is decoded once (a character split across
 * chunks is kept whole) and split as a string: far cheaper per line than slicing buffers.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private carry = "";
  private cut = false;

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  push(chunk: Buffer): string[] {
    const pieces = this.decoder.write(chunk).split("\n");
    const rest = pieces.pop()!;
    const lines = pieces;
    if (lines.length > 0) {
      lines[0] = this.finish(this.carry + lines[0]);
      for (let i = 1; i < lines.length; i++) lines[i] = this.finish(lines[i]!);
      this.carry = "";
    }
    this.keep(rest);
    return lines;
  }

  end(): string | undefined {
    this.keep(this.decoder.end());
    if (this.carry.length === 0 && !this.cut) return undefined;
    const last = this.finish(this.carry);
    this.carry = "";
    return last;
  }

  private keep(piece: string) {
    if (piece.length === 0) return;
    const room = this.maxLineChars - this.carry.length;
    if (piece.length > room) this.cut = true;
    if (room > 0) this.carry += piece.length > room ? piece.slice(0, room) : piece;
  }

  private finish(line: string): string {
    let text = line.length > this.maxLineChars ? line.slice(0, this.maxLineChars) : line;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (this.cut || line.length > this.maxLineChars) text += CUT_MARK;
    this.cut = false;
    return text;
  }
}

const NINE_DIGIT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /;
const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) /;

/**
 * Read the kubelet's `timestamps=true` prefix off a line. The fraction is padded to 9 digits
 * (the kubelet trims trailing zeros) so timestamps compare as strings, in order.
 * A line without a prefix keeps its text and gets an empty ts.
 */
export function splitTimestamp(raw: string): { ts: string; text: string } {
  // The common shape (9 digits, UTC) needs no regex: this runs for every line of every stream.
  if (
    raw.charCodeAt(29) === 0x5a &&
    raw.charCodeAt(30) === 0x20 &&
    raw.charCodeAt(19) === 0x2e &&
    NINE_DIGIT.test(raw)
  ) {
    return { ts: raw.slice(0, 30), text: raw.slice(31) };
  }
  const match = STAMPED.exec(raw);
  if (!match) return { ts: "", text: raw };
  const [prefix, seconds, fraction = "", zone] = match;
  const ts = zone === "Z" ? `${seconds}.${fraction.padEnd(9, "0")}Z` : toUtc(seconds!, fraction, zone!);
  return { ts, text: raw.slice(prefix.length) };
}

function toUtc(seconds: string, fraction: string, zone: string): string {
  const date = new Date(`${seconds}${zone}`);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.toISOString().slice(0, 19)}.${fraction.padEnd(9, "0")}Z`;
}

/** `sinceTime` for a reopen: the second the last line was written (the API takes whole seconds). */
export function wholeSecond(ts: string): string {
  return `${ts.slice(0, 19)}Z`;
}

/** Lines of several pods in timestamp order; stable, so one container's lines keep their order. */
export function mergeByTimestamp(lines: LogLine[]): LogLine[] {
  return mergeEntries(lines.map((line) => ({ line }))).map(({ line }) => line);
}

/** The line as plain text, with its timestamp in front when the reader asked for timestamps. */
export function formatLine(line: Pick<LogLine, "ts" | "text">, timestamps: boolean): string {
  return timestamps && line.ts ? `${line.ts} ${line.text}` : line.text;
}

/** How long a many-pod view holds a line waiting for other pods' older lines. */
export const REORDER_WINDOW_MS = 500;
/** Lines held at most; past it the oldest go out whatever the window. */
export const REORDER_MAX_HELD = 10_000;

/**
 * Merges many pods' lines by timestamp across batches, not only within one (docs/logs.md, Many
 * pods). Each pod's lines arrive in order, so a line is safe to hand out once every pod of the
 * view has sent something at least as new; a quiet pod holds lines back at most `windowMs`.
 * Lines without a timestamp go out at once.
 */
export class ReorderWindow {
  private held: { line: LogLine; at: number }[] = [];
  private readonly newest = new Map<string, string>();

  constructor(
    private readonly windowMs = REORDER_WINDOW_MS,
    private readonly maxHeld = REORDER_MAX_HELD,
  ) {}

  /** Take new lines; return those that may go out now, in timestamp order. `pods` are the view's current pods. */
  push(lines: LogLine[], pods: Iterable<string>, now: number): LogLine[] {
    for (const line of lines) {
      if (line.ts > (this.newest.get(line.pod) ?? "")) this.newest.set(line.pod, line.ts);
    }
    const entries = this.held.concat(lines.map((line) => ({ line, at: now })));
    const sorted = mergeEntries(entries);
    const watermark = this.watermark(pods);
    let cut = Math.max(0, sorted.length - this.maxHeld);
    for (let i = sorted.length - 1; i >= cut; i--) {
      const { line, at } = sorted[i]!;
      if (!line.ts || line.ts <= watermark || now - at >= this.windowMs) {
        cut = i + 1;
        break;
      }
    }
    this.held = sorted.slice(cut);
    return sorted.slice(0, cut).map((entry) => entry.line);
  }

  /** When the oldest held line's wait ends (ms from `now`), or undefined when nothing is held. */
  nextDue(now: number): number | undefined {
    if (this.held.length === 0) return undefined;
    let oldest = Infinity;
    for (const entry of this.held) oldest = Math.min(oldest, entry.at);
    return Math.max(0, oldest + this.windowMs - now);
  }

  /** A pod left the view: it no longer holds the others back. */
  forget(pod: string) {
    this.newest.delete(pod);
  }

  /** Everything held, in order (the view ends). */
  drain(): LogLine[] {
    const lines = this.held.map((entry) => entry.line);
    this.held = [];
    return lines;
  }

  /** The newest time every current pod has reached; "" while one has sent nothing yet. */
  private watermark(pods: Iterable<string>): string {
    let low: string | undefined;
    for (const pod of pods) {
      const newest = this.newest.get(pod) ?? "";
      if (low === undefined || newest < low) low = newest;
    }
    return low ?? "";
  }
}

function mergeEntries<T extends { line: LogLine }>(entries: T[]): T[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) =>
      a.entry.line.ts < b.entry.line.ts ? -1 : a.entry.line.ts > b.entry.line.ts ? 1 : a.index - b.index,
    )
    .map(({ entry }) => entry);
}
