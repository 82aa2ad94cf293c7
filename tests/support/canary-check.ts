/**
 * The Secret canary's verdict (docs/security.md §7), after the whole suite: the value may appear in
 * reveal answers and nowhere else — not in a log line, a database row, another response or a
 * socket frame. Reports WHERE each sighting was (file and line, table, URL, frame event), never
 * the value.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { canaryForms, type Hit, holdsCanary, PROBLEMS_FILE, readCanaryValue } from "./secret-canary";

export type CanaryVerdict = {
  ok: boolean;
  /** Sightings outside a reveal answer. */
  leaks: Hit[];
  /** Reveal answers that carried the canary: at least one proves the recorders see it. */
  reveals: number;
  /** What was searched, to show the check had something to search. */
  searched: { logs: number; logLines: number; dumps: number; rows: number; responses: number; frames: number };
  problems: string[];
};

/** At most this many sightings per file are listed: enough to find the leak, bounded output. */
const MAX_PER_FILE = 5;

export function checkCanary(dir: string): CanaryVerdict {
  const value = readCanaryValue(dir);
  const searched = { logs: 0, logLines: 0, dumps: 0, rows: 0, responses: 0, frames: 0 };
  if (!value) {
    return { ok: false, leaks: [], reveals: 0, searched, problems: ["the canary Secret was never planted"] };
  }
  const forms = canaryForms(value);
  const leaks: Hit[] = [];
  let reveals = 0;
  for (const file of filesIn(dir, "logs", ".log")) {
    searched.logs += 1;
    const lines = readFileSync(file, "utf8").split("\n");
    searched.logLines += lines.length;
    const where = (index: number) => `${path.relative(dir, file)} line ${index + 1}`;
    leaks.push(...sightings(lines, forms, "log", where));
  }
  for (const file of filesIn(dir, "dumps", ".jsonl")) {
    searched.dumps += 1;
    const rows = readFileSync(file, "utf8").split("\n").filter(Boolean);
    searched.rows += rows.length;
    const where = (index: number) => `${path.basename(file)}: table ${rows[index]!.split("\t")[0]}, row ${index + 1}`;
    leaks.push(...sightings(rows, forms, "database", where));
  }
  for (const file of filesIn(dir, "seen", ".json")) {
    const seen = JSON.parse(readFileSync(file, "utf8")) as Partial<Record<Hit["place"], number>>;
    searched.responses += seen.response ?? 0;
    searched.frames += seen.frame ?? 0;
  }
  for (const file of filesIn(dir, "hits", ".jsonl")) {
    for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
      const hit = JSON.parse(line) as Hit;
      if (hit.reveal) reveals += 1;
      else leaks.push(hit);
    }
  }
  const problems = existsSync(path.join(dir, PROBLEMS_FILE))
    ? readFileSync(path.join(dir, PROBLEMS_FILE), "utf8").split("\n").filter(Boolean)
    : [];
  if (reveals === 0) problems.push("no reveal answer carried the canary: the recorders saw nothing");
  return { ok: leaks.length === 0 && problems.length === 0, leaks, reveals, searched, problems };
}

function sightings(lines: string[], forms: string[], place: Hit["place"], where: (index: number) => string): Hit[] {
  const found: Hit[] = [];
  for (const [index, line] of lines.entries()) {
    if (!holdsCanary(line, forms)) continue;
    found.push({ place, where: where(index), reveal: false });
    if (found.length === MAX_PER_FILE) break;
  }
  return found;
}

function filesIn(dir: string, folder: string, extension: string): string[] {
  const folderPath = path.join(dir, folder);
  if (!existsSync(folderPath)) return [];
  return readdirSync(folderPath)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(folderPath, name));
}

/** The verdict as lines for the test run's output: places only, never the value. */
export function describeVerdict(verdict: CanaryVerdict): string[] {
  const { logs, logLines, dumps, rows, responses, frames } = verdict.searched;
  const lines = [
    `searched ${logLines} lines in ${logs} logs, ${rows} rows in ${dumps} database dumps, ` +
      `${responses} responses and ${frames} socket frames as the tests saw them; ` +
      `${verdict.reveals} reveal answers carried the canary`,
  ];
  for (const problem of verdict.problems) lines.push(`FAIL ${problem}`);
  for (const leak of verdict.leaks) lines.push(`LEAK ${leak.place}: ${leak.where}`);
  lines.push(verdict.ok ? "the canary appeared only in reveal answers" : "the canary check FAILED");
  return lines;
}
