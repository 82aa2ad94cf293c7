/**
 * What one arriving batch of log lines costs the browser viewer's filter and search (docs/logs.md,
 * "Filter and search") with the ring full: 100k loaded lines, batches of 1k, a text filter and a
 * search term (plain and regex). "before" is the old search: every visible line tested again with
 * the term re-parsed per line; "after" is lib/logs/log-index.ts, which tests only the new lines.
 * CPU only, no browser: the same work runs in the viewer's render.
 *
 *   npx tsx bench/log-search.ts 100000 1000
 */
import { LogIndex, type IndexedEntry } from "../lib/logs/log-index";
import { parseLogFilter, searchRanges, searchTest } from "../lib/logs/log-view";
import { percentile } from "./live-harness";

const LOADED = Number(process.argv[2] ?? 100_000);
const BATCH = Number(process.argv[3] ?? 1000);
const ROUNDS = 60;

const PATHS = ["/api/orders", "/api/pay", "/healthz", "/static/app.js", "/api/users/42"];
function line(seq: number): IndexedEntry {
  const status = seq % 97 === 0 ? 500 : 200;
  const text = `10.0.${seq % 250}.${seq % 7} - - [02/Dec/2026:02:40:${String(seq % 60).padStart(2, "0")} +0000] "GET ${PATHS[seq % PATHS.length]} HTTP/1.1" ${status} ${seq % 9000} "-" "kube-probe/1.20"`;
  return { seq, type: "line", text };
}

/** A ring like LogStream's: at capacity, the oldest batch goes as a new one arrives. */
function ringAfter(batches: number) {
  const first = batches * BATCH;
  return { entries: Array.from({ length: LOADED }, (_, i) => line(first + i)), firstSeq: first };
}

/** The old viewer: filter index incremental, search rescans every visible line per batch. */
function rescanSearch(
  ring: { entries: readonly IndexedEntry[]; firstSeq: number },
  visible: readonly number[],
  term: string,
) {
  const found: number[] = [];
  for (let index = 0; index < visible.length; index++) {
    const entry = ring.entries[visible[index]! - ring.firstSeq];
    if (entry?.type === "line" && searchRanges(entry.text, term, 1).length > 0) found.push(index);
  }
  return found;
}

function measure(term: string) {
  const parsed = parseLogFilter("!healthz");
  const filter = { key: "!healthz", test: parsed.ok ? parsed.test : undefined };
  const search = { key: term, test: searchTest(term) };
  const index = new LogIndex();
  index.update(ringAfter(0), filter, search);
  const before: number[] = [];
  const after: number[] = [];
  let matches = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const ring = ringAfter(round);
    let started = performance.now();
    const view = index.update(ring, filter, search);
    after.push(performance.now() - started);
    started = performance.now();
    matches = rescanSearch(ring, view.visible, term).length;
    before.push(performance.now() - started);
    if (matches !== view.matches.length)
      throw new Error(`the two searches disagree: ${matches} vs ${view.matches.length}`);
  }
  const p50 = (values: number[]) => percentile(values, 50).toFixed(2);
  const p95 = (values: number[]) => percentile(values, 95).toFixed(2);
  console.log(
    `search ${JSON.stringify(term).padEnd(14)} ${matches} matches of ${LOADED} loaded: ` +
      `before (rescan) p50 ${p50(before)} ms / p95 ${p95(before)} ms per ${BATCH}-line batch; ` +
      `after (incremental, filter included) p50 ${p50(after)} ms / p95 ${p95(after)} ms`,
  );
  return { before: percentile(before, 50), after: percentile(after, 50) };
}

const plain = measure("pay");
const regex = measure("/\\s5\\d\\d\\s/");
console.log(
  `summary: ${BATCH}-line batch at ${LOADED} loaded lines, p50 ms before→after: ` +
    `text ${plain.before.toFixed(2)}→${plain.after.toFixed(2)}, regex ${regex.before.toFixed(2)}→${regex.after.toFixed(2)}`,
);
