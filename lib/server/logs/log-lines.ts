/**
 * Log lines as the hub handles them: split from a byte stream with a bound on line length, and
 * read apart into the kubelet's timestamp and the text (docs/logs.md). Pure and synchronous.
 */

/** One line of one container, as every viewer receives it. `ts` is RFC 3339 with 9 fraction digits. */
export type LogLine = { pod: string; container: string; ts: string; text: string };

/** Past this many bytes a line is cut and marked: one huge line must not hold a stream's memory. */
export const MAX_LINE_BYTES = 16 * 1024;
const CUT_MARK = " …[line cut]";
const NEWLINE = 0x0a;

/**
 * Splits chunks into lines, keeping at most maxLineBytes of a line in progress (the rest of an
 * overlong line is dropped, not buffered). Feed chunks with push(); end() returns the last line.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private cut = false;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.keep(chunk.subarray(start, end));
      lines.push(this.take());
      start = end + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return lines;
  }

  end(): string | undefined {
    return this.length > 0 || this.cut ? this.take() : undefined;
  }

  private keep(piece: Buffer) {
    const room = this.maxLineBytes - this.length;
    if (piece.length > room) this.cut = true;
    const kept = piece.length > room ? piece.subarray(0, Math.max(0, room)) : piece;
    if (kept.length === 0) return;
    this.parts.push(kept);
    this.length += kept.length;
  }

  private take(): string {
    let text = Buffer.concat(this.parts, this.length).toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (this.cut) text += CUT_MARK;
    this.parts = [];
    this.length = 0;
    this.cut = false;
    return text;
  }
}

const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) /;

/**
 * Read the kubelet's `timestamps=true` prefix off a line. The fraction is padded to 9 digits
 * (the kubelet trims trailing zeros) so timestamps compare as strings, in order.
 * A line without a prefix keeps its text and gets an empty ts.
 */
export function splitTimestamp(raw: string): { ts: string; text: string } {
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
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.ts < b.line.ts ? -1 : a.line.ts > b.line.ts ? 1 : a.index - b.index))
    .map(({ line }) => line);
}

/** The line as plain text, with its timestamp in front when the reader asked for timestamps. */
export function formatLine(line: Pick<LogLine, "ts" | "text">, timestamps: boolean): string {
  return timestamps && line.ts ? `${line.ts} ${line.text}` : line.text;
}
