/**
 * The Secret canary's verdict (docs/security.md §7), after the whole suite: the value may appear in
 * reveal answers and nowhere else — not in a log line, a database row, another response, a socket
 * frame or a file Playwright left behind (a trace, error-context.md). Reports WHERE each sighting
 * was (file and line, table, URL, frame event, trace entry), never the value.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { canaryForms, type Hit, holdsCanary, PROBLEMS_FILE, readCanaryValue } from "./secret-canary";
import { zipEntries } from "./zip-entries";

export type CanaryVerdict = {
  ok: boolean;
  /** Sightings outside a reveal answer. */
  leaks: Hit[];
  /** Reveal answers that carried the canary: at least one proves the recorders see it. */
  reveals: number;
  /** What was searched, to show the check had something to search. */
  searched: Searched;
  problems: string[];
};

type Searched = {
  logs: number;
  logLines: number;
  dumps: number;
  rows: number;
  responses: number;
  frames: number;
  /** Files in Playwright's output directories, each entry of a trace zip counted as one. */
  artifacts: number;
};

/** Where else to search: Playwright's output directories (tests/support/e2e-artifacts.ts). */
export type CanaryCheckOptions = { artifactDirs?: readonly string[] };

/** At most this many sightings per file are listed: enough to find the leak, bounded output. */
const MAX_PER_FILE = 5;

export function checkCanary(dir: string, { artifactDirs = [] }: CanaryCheckOptions = {}): CanaryVerdict {
  const value = readCanaryValue(dir);
  const searched: Searched = { logs: 0, logLines: 0, dumps: 0, rows: 0, responses: 0, frames: 0, artifacts: 0 };
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
  for (const root of artifactDirs) leaks.push(...searchArtifacts(root, forms, searched, problems));
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

/** A screenshot or video of the value is pixels, not text this check could find. */
const MEDIA = /\.(png|jpe?g|gif|webp|webm|mp4|woff2?|ttf)$/i;

/**
 * Every text file under a Playwright output directory, and every text entry of its trace zips
 * (network bodies, DOM snapshots, console). A directory that is missing (no test failed, or the
 * browser suite did not run) has nothing to search; a zip that cannot be read is a problem.
 */
function searchArtifacts(root: string, forms: string[], searched: Searched, problems: string[]): Hit[] {
  const found: Hit[] = [];
  const search = (data: Buffer, shown: string) => {
    searched.artifacts += 1;
    // latin1 maps each byte to one character: the (ASCII) forms are found whatever else the file holds.
    const lines = data.toString("latin1").split("\n");
    found.push(...sightings(lines, forms, "artifact", (index) => `${shown} line ${index + 1}`));
  };
  for (const file of filesUnder(root)) {
    const shown = path.join(path.basename(root), path.relative(root, file));
    if (MEDIA.test(file)) continue;
    if (!file.endsWith(".zip")) {
      search(readFileSync(file), shown);
      continue;
    }
    try {
      for (const entry of zipEntries(readFileSync(file))) {
        if (!MEDIA.test(entry.name)) search(entry.data, `${shown} › ${entry.name}`);
      }
    } catch (error) {
      problems.push(`could not search ${shown}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return found;
}

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
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
  const { logs, logLines, dumps, rows, responses, frames, artifacts } = verdict.searched;
  const lines = [
    `searched ${logLines} lines in ${logs} logs, ${rows} rows in ${dumps} database dumps, ` +
      `${responses} responses and ${frames} socket frames as the tests saw them, ` +
      `${artifacts} Playwright artifacts (files and trace entries); ` +
      `${verdict.reveals} reveal answers carried the canary`,
  ];
  for (const problem of verdict.problems) lines.push(`FAIL ${problem}`);
  for (const leak of verdict.leaks) lines.push(`LEAK ${leak.place}: ${leak.where}`);
  lines.push(verdict.ok ? "the canary appeared only in reveal answers" : "the canary check FAILED");
  return lines;
}
