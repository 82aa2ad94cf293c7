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
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.ts < b.line.ts ? -1 : a.line.ts > b.line.ts ? 1 : a.index - b.index))
    .map(({ line }) => line);
}

/** The line as plain text, with its timestamp in front when the reader asked for timestamps. */
export function formatLine(line: Pick<LogLine, "ts" | "text">, timestamps: boolean): string {
  return timestamps && line.ts ? `${line.ts} ${line.text}` : line.text;
}
