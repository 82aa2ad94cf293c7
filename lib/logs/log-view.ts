import { LOG_WORKLOAD_KINDS, type LogsSubscribeRequest } from "@/lib/realtime/contract";

/**
 * The log viewer's pure parts (docs/logs.md, The viewer): the filter language, search ranges,
 * JSON pretty-printing, pod colours, and the URL state that makes a view shareable. Isomorphic
 * and framework-free, so unit tests cover them.
 */

export type LineTest = (text: string) => boolean;

export type ParsedFilter = { ok: true; test?: LineTest } | { ok: false; error: string };

/** Regex flags a filter may carry; `g` and `y` make test() stateful, so they are not offered. */
const FLAGS = /^[imsu]*$/;
/** Longer patterns are refused: a filter runs on every line of a 100k-line buffer. */
export const MAX_FILTER_CHARS = 500;

/**
 * `error` matches lines containing "error" (any case); `/timeout|refused/i` is a regular
 * expression; a leading `!` keeps the lines that do NOT match (`!healthz`, `!/GET \/ready/`).
 */
export function parseLogFilter(input: string): ParsedFilter {
  const raw = input.trim();
  if (!raw) return { ok: true };
  if (raw.length > MAX_FILTER_CHARS)
    return { ok: false, error: `The filter is longer than ${MAX_FILTER_CHARS} characters` };
  const negate = raw.startsWith("!");
  const body = negate ? raw.slice(1) : raw;
  if (!body) return { ok: true };
  const matcher = matcherOf(body);
  if ("error" in matcher) return { ok: false, error: matcher.error };
  const test = negate ? (text: string) => !matcher.test(text) : matcher.test;
  return { ok: true, test };
}

function matcherOf(body: string): { test: LineTest } | { error: string } {
  const regex = regexOf(body);
  if (regex && "error" in regex) return regex;
  if (regex) return { test: (text) => regex.pattern.test(text) };
  const needle = body.toLowerCase();
  return { test: (text) => text.toLowerCase().includes(needle) };
}

/** `/…/flags` as a RegExp; undefined when the input is not in slashes. */
function regexOf(body: string): { pattern: RegExp } | { error: string } | undefined {
  const last = body.lastIndexOf("/");
  if (!body.startsWith("/") || last <= 0) return undefined;
  const flags = body.slice(last + 1);
  if (!FLAGS.test(flags)) return { error: `Unsupported regular expression flags "${flags}" (use i, m, s or u)` };
  try {
    return { pattern: new RegExp(body.slice(1, last), flags) };
  } catch (error) {
    return { error: `Not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Whether a line holds the search term (a non-empty match, as `searchRanges` would highlight),
 * compiled once per term: the viewer tests every arriving line with it. Undefined for no term
 * or a bad regular expression (nothing matches).
 */
export function searchTest(term: string): LineTest | undefined {
  const raw = term.trim();
  if (!raw) return undefined;
  const regex = regexOf(raw);
  if (regex && "error" in regex) return undefined;
  if (regex) {
    const global = new RegExp(regex.pattern.source, `${regex.pattern.flags}g`);
    return (text) => {
      global.lastIndex = 0;
      const match = global.exec(text);
      return match !== null && match[0].length > 0;
    };
  }
  const needle = raw.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** Where the search term occurs in a line, at most `max` ranges; same language as the filter, without `!`. */
export function searchRanges(text: string, term: string, max = 20): [number, number][] {
  const raw = term.trim();
  if (!raw) return [];
  const regex = regexOf(raw);
  if (regex && "error" in regex) return [];
  const ranges: [number, number][] = [];
  if (regex) {
    const global = new RegExp(regex.pattern.source, `${regex.pattern.flags}g`);
    for (const match of text.matchAll(global)) {
      if (match[0].length === 0) break;
      ranges.push([match.index, match.index + match[0].length]);
      if (ranges.length >= max) break;
    }
    return ranges;
  }
  const haystack = text.toLowerCase();
  const needle = raw.toLowerCase();
  for (
    let at = haystack.indexOf(needle);
    at !== -1 && ranges.length < max;
    at = haystack.indexOf(needle, at + needle.length)
  ) {
    ranges.push([at, at + needle.length]);
  }
  return ranges;
}

/** Lines longer than this are not pretty-printed (they are shown as they are). */
const MAX_JSON_CHARS = 64 * 1024;

/** A JSON object or array line, indented; null for anything else. */
export function prettyJson(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length > MAX_JSON_CHARS || !/^[[{]/.test(trimmed)) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}

export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === "{" || first === "[";
}

/** One colour per pod, stable across reloads and viewers: a hash of the name into the palette. */
export const POD_COLORS = [
  "text-sky-600 dark:text-sky-400",
  "text-emerald-600 dark:text-emerald-400",
  "text-amber-600 dark:text-amber-400",
  "text-fuchsia-600 dark:text-fuchsia-400",
  "text-rose-600 dark:text-rose-400",
  "text-teal-600 dark:text-teal-400",
  "text-indigo-600 dark:text-indigo-400",
  "text-lime-700 dark:text-lime-400",
] as const;

export function podColor(pod: string): string {
  let hash = 2166136261;
  for (let i = 0; i < pod.length; i++) hash = Math.imul(hash ^ pod.charCodeAt(i), 16777619);
  return POD_COLORS[(hash >>> 0) % POD_COLORS.length]!;
}

// --- the URL ---------------------------------------------------------------------------------------

/** `since` presets; a custom value is an ISO time. */
export const LOG_SINCE_PRESETS = { "5m": 300, "15m": 900, "1h": 3600, "6h": 21_600, "24h": 86_400 } as const;
export type LogSincePreset = keyof typeof LOG_SINCE_PRESETS;

export const DEFAULT_TAIL_LINES = 500;

/** Everything a log view is, as the URL holds it (one key each; the cluster is in the path). */
export type LogViewParams = {
  ns: string | null;
  pod: string | null;
  kind: string | null;
  name: string | null;
  selector: string | null;
  container: string | null;
  tail: number | null;
  since: string | null;
  previous: boolean;
  ts: boolean;
  q: string | null;
  find: string | null;
  wrap: boolean;
  prefix: boolean;
};

export type LogTargetDescription =
  | { type: "pod"; pod: string }
  | { type: "workload"; kind: (typeof LOG_WORKLOAD_KINDS)[number]; name: string }
  | { type: "selector"; selector: string };

/** What the URL asks to read, or why it cannot be read yet. */
export function targetOf(params: LogViewParams): LogTargetDescription | undefined {
  if (params.pod) return { type: "pod", pod: params.pod };
  const kind = LOG_WORKLOAD_KINDS.find((one) => one === params.kind);
  if (kind && params.name) return { type: "workload", kind, name: params.name };
  if (params.selector) return { type: "selector", selector: params.selector };
  return undefined;
}

/** Seconds back for `since`: a preset, or an ISO time measured from `now` (at least 1 s). */
export function sinceSecondsOf(since: string | null, now = Date.now()): number | undefined {
  if (!since) return undefined;
  if (since in LOG_SINCE_PRESETS) return LOG_SINCE_PRESETS[since as LogSincePreset];
  const time = Date.parse(since);
  if (Number.isNaN(time)) return undefined;
  return Math.min(30 * 24 * 3600, Math.max(1, Math.ceil((now - time) / 1000)));
}

/** The socket request the URL describes; undefined until a namespace and a target are chosen. */
export function subscribeRequestOf(
  clusterId: string,
  params: LogViewParams,
  now = Date.now(),
): LogsSubscribeRequest | undefined {
  const target = targetOf(params);
  if (!params.ns || !target) return undefined;
  const sinceSeconds = sinceSecondsOf(params.since, now);
  return {
    clusterId,
    namespace: params.ns,
    ...(target.type === "pod" && { pod: target.pod }),
    ...(target.type === "workload" && { workload: { kind: target.kind, name: target.name } }),
    ...(target.type === "selector" && { labelSelector: target.selector }),
    ...(params.container && { container: params.container }),
    // A time window reads all of it; otherwise the tail (kubectl's --tail).
    ...(sinceSeconds ? { sinceSeconds } : { tailLines: Math.min(5000, params.tail ?? DEFAULT_TAIL_LINES) }),
    ...(params.previous && { previous: true }),
  };
}

/** The REST URL of one pod's full log (plain text, as kubectl logs prints it). */
export function fullLogUrl(clusterId: string, namespace: string, pod: string, params: LogViewParams): string {
  const query = new URLSearchParams();
  if (params.container) query.set("container", params.container);
  if (params.previous) query.set("previous", "true");
  if (params.ts) query.set("timestamps", "true");
  const sinceSeconds = sinceSecondsOf(params.since);
  if (sinceSeconds) query.set("sinceSeconds", String(sinceSeconds));
  const path = [clusterId, "pods", namespace, pod, "log"].map(encodeURIComponent).join("/");
  return `/api/v1/clusters/${path}${query.size > 0 ? `?${query.toString()}` : ""}`;
}

/** One container as the picker route lists it (lib/server/logs/pod-containers.ts has the same shape). */
export type PodContainerInfo = {
  name: string;
  kind: "init" | "regular" | "ephemeral";
  image: string;
  state: "waiting" | "running" | "terminated" | "unknown";
  reason: string | null;
  ready: boolean;
  restartCount: number;
  hasPrevious: boolean;
  default: boolean;
};

/** A change to the URL state; null removes a key (back to its default). */
export type LogViewUpdate = Partial<{ [K in keyof LogViewParams]: LogViewParams[K] | null }>;
