/**
 * The suite-wide Secret canary (docs/security.md §7). `npm test` plants one
 * Secret with a random value, by `kubectl apply` (so its last-applied annotation holds the value
 * too), and hands its directory to every suite in PILOTHOUSE_CANARY_DIR. While the suites run, the
 * recorders below scan what could leak — API responses and socket frames the tests see — and keep
 * only the hits (where, never the value). At the end scripts/secret-canary.ts also scans the
 * logs and a dump of every database, and passes only if the canary appeared in reveal answers and
 * nowhere else.
 *
 * The value lives in one file of that directory, readable by the recorders and the checker; no
 * test reads it and nothing prints it. Without PILOTHOUSE_CANARY_DIR (one file run by hand)
 * nothing is recorded.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const CANARY_DIR_ENV = "PILOTHOUSE_CANARY_DIR";
/** On the run's first test cluster; seeded namespaces are never deleted mid-suite. */
export const CANARY_SECRET = { namespace: "shop", name: "pilothouse-canary", key: "token" } as const;

export type Place = "response" | "frame" | "log" | "database" | "artifact";
/** One sighting of the canary: where it was, and whether that place is a reveal answer (allowed). */
export type Hit = { place: Place; where: string; reveal: boolean };

export function canaryDir(): string | undefined {
  return process.env[CANARY_DIR_ENV] || undefined;
}

const valueFile = (dir: string) => path.join(dir, "value");
/** Lines naming what could not be searched (a dump that failed): each fails the check. */
export const PROBLEMS_FILE = "problems.log";

/** A fresh random value for this run, in a file only its owner can read. */
export function createCanaryValue(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const value = `phcanary${randomBytes(24).toString("hex")}`;
  writeFileSync(valueFile(dir), value, { mode: 0o600 });
  return value;
}

export function readCanaryValue(dir: string): string | undefined {
  try {
    return readFileSync(valueFile(dir), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value as it could travel: plain (stringData, last-applied annotation, a reveal answer) and
 * base64 (a Secret's `data`), also inside a longer base64 text at each of the 3 byte alignments
 * (a whole manifest encoded), so the middle of each encoding is searched.
 */
export function canaryForms(value: string): string[] {
  const forms = new Set([value]);
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), Buffer.from(value)]).toString("base64");
    const core = encoded.slice(4, -4);
    forms.add(core);
    forms.add(core.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return [...forms];
}

/**
 * `kubectl apply` the canary Secret (stringData, so the last-applied annotation holds the value as
 * well as `data`), through stdin: the value is never on a command line or in kubectl's output.
 */
export function applyCanarySecret(kubeconfig: string, value: string): void {
  const { namespace, name, key } = CANARY_SECRET;
  const manifest = { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, stringData: { [key]: value } };
  execFileSync("kubectl", ["--kubeconfig", kubeconfig, "apply", "-f", "-"], {
    input: JSON.stringify(manifest),
    stdio: ["pipe", "ignore", "pipe"],
    timeout: 60_000,
  });
}

export function holdsCanary(text: string | Buffer, forms: readonly string[]): boolean {
  return forms.some((form) => text.includes(form));
}

/** The one allowed place: the reveal route of the canary Secret (any cluster id the org gave it). */
export function isCanaryRevealPath(pathname: string): boolean {
  const { namespace, name } = CANARY_SECRET;
  return new RegExp(`^/api/v1/clusters/[^/]+/secrets/${namespace}/${name}/reveal$`).test(pathname);
}

/**
 * Scans text as it passes and appends each hit to `<dir>/hits/<label>-<pid>.jsonl`; how many bodies
 * and frames it scanned goes to `<dir>/seen/<label>-<pid>-<id>.json` (flush(), and shortly after a scan).
 */
export class CanaryRecorder {
  private readonly file: string;
  private readonly forms: string[];
  private readonly seenFile: string;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  readonly seen: Partial<Record<Place, number>> = {};
  scanned = 0;

  constructor(dir: string, value: string, label: string) {
    mkdirSync(path.join(dir, "hits"), { recursive: true });
    mkdirSync(path.join(dir, "seen"), { recursive: true });
    this.file = path.join(dir, "hits", `${label}-${process.pid}.jsonl`);
    this.forms = canaryForms(value);
    this.seenFile = path.join(dir, "seen", `${label}-${process.pid}-${randomBytes(4).toString("hex")}.json`);
  }

  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    try {
      writeFileSync(this.seenFile, JSON.stringify(this.seen));
    } catch {
      // A figure only (the hits are what the check judges): a directory already gone is no error.
    }
  }

  scan(body: string | Buffer, hit: Omit<Hit, "reveal"> & { reveal?: boolean }): void {
    this.scanned += 1;
    this.seen[hit.place] = (this.seen[hit.place] ?? 0) + 1;
    this.flushTimer ??= setTimeout(() => this.flush(), 500).unref();
    if (!holdsCanary(body, this.forms)) return;
    const line: Hit = { place: hit.place, where: hit.where.slice(0, 500), reveal: hit.reveal ?? false };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

/** The recorder for this process, when the suite runs under `npm test` and the canary is planted. */
export function openCanaryRecorder(label: string): CanaryRecorder | undefined {
  const dir = canaryDir();
  const value = dir && readCanaryValue(dir);
  return dir && value ? new CanaryRecorder(dir, value, label) : undefined;
}

const LABELS = Symbol.for("pilothouse.canary.responseLabels");
type Labels = { [LABELS]?: WeakMap<Response, string> };

/**
 * Test helpers that call route handlers name the request a Response answers ("POST /api/v1/…"):
 * a handler's Response has no URL of its own, and the name decides whether it is a reveal.
 */
export function labelResponse(response: Response, label: string): Response {
  const holder = globalThis as Labels;
  (holder[LABELS] ??= new WeakMap()).set(response, label);
  return response;
}

export function responseLabel(response: Response): string | undefined {
  return (globalThis as Labels)[LABELS]?.get(response) ?? (response.url || undefined);
}
