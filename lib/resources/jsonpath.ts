/**
 * The JSONPath that CRD printer columns use (`.status.replicas`,
 * `.status.conditions[?(@.type=="Ready")].status`, `.spec.items[0].name`, `.metadata.labels['app']`),
 * evaluated without eval and with bounds: paths are short, evaluation visits a bounded number of
 * nodes and returns a bounded number of results. Anything outside this subset (recursive descent,
 * slices, unions, functions) is refused at parse time, and its column stays empty.
 */

type Literal = string | number | boolean;
type Segment =
  | { type: "field"; name: string }
  | { type: "index"; index: number }
  | { type: "wildcard" }
  | { type: "filter"; path: string[]; op: "==" | "!=" | "exists"; value?: Literal };

export type JsonPath = readonly Segment[];

const MAX_PATH_CHARS = 256;
const MAX_SEGMENTS = 16;
const MAX_VISITS = 2_000;
const MAX_RESULTS = 16;

const FIELD = /^\.((?:[^.[\]\\]|\\.)+)/;
const QUOTED = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/;
const INDEX = /^\[\s*(-?\d+)\s*\]/;
const WILDCARD = /^(?:\[\s*\*\s*\]|\.\*)/;
const FILTER =
  /^\[\s*\?\(\s*@((?:\.[A-Za-z0-9_-]+)+)\s*(?:(==|!=)\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false)\s*)?\)\s*\]/;

function unescape(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

function literal(text: string): Literal {
  if (text === "true" || text === "false") return text === "true";
  if (text.startsWith("'") || text.startsWith('"')) return unescape(text.slice(1, -1));
  return Number(text);
}

/** The path as segments, or null when it is not in the supported subset. */
export function parseJsonPath(text: string): JsonPath | null {
  let rest = text.trim();
  if (rest.length === 0 || rest.length > MAX_PATH_CHARS) return null;
  if (rest.startsWith("{") && rest.endsWith("}")) rest = rest.slice(1, -1).trim();
  if (rest.startsWith("$")) rest = rest.slice(1);
  if (rest === "" || rest === ".") return [];
  const segments: Segment[] = [];
  while (rest.length > 0) {
    if (segments.length >= MAX_SEGMENTS || rest.startsWith("..")) return null;
    let match: RegExpExecArray | null;
    if ((match = WILDCARD.exec(rest))) segments.push({ type: "wildcard" });
    else if ((match = FIELD.exec(rest))) segments.push({ type: "field", name: unescape(match[1]!) });
    else if ((match = QUOTED.exec(rest))) segments.push({ type: "field", name: unescape(match[1] ?? match[2]!) });
    else if ((match = INDEX.exec(rest))) segments.push({ type: "index", index: Number(match[1]) });
    else if ((match = FILTER.exec(rest))) {
      const path = match[1]!.slice(1).split(".");
      segments.push(
        match[2]
          ? { type: "filter", path, op: match[2] as "==" | "!=", value: literal(match[3]!) }
          : { type: "filter", path, op: "exists" },
      );
    } else return null;
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function childrenOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isObject(value) ? Object.values(value) : [];
}

function follow(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const name of path) current = isObject(current) && Object.hasOwn(current, name) ? current[name] : undefined;
  return current;
}

function matches(element: unknown, segment: Extract<Segment, { type: "filter" }>): boolean {
  const found = follow(element, segment.path);
  if (segment.op === "exists") return found !== undefined && found !== null && found !== false;
  return segment.op === "==" ? found === segment.value : found !== segment.value;
}

/** The values one segment leads to from one value. */
function step(segment: Segment, value: unknown): unknown[] {
  switch (segment.type) {
    case "field":
      return isObject(value) && Object.hasOwn(value, segment.name) ? [value[segment.name]] : [];
    case "index": {
      const element = Array.isArray(value) ? value.at(segment.index) : undefined;
      return element === undefined ? [] : [element];
    }
    case "wildcard":
      return childrenOf(value);
    case "filter":
      return Array.isArray(value) ? value.filter((element) => matches(element, segment)) : [];
  }
}

/** Every value the path reaches in `root` (at most MAX_RESULTS, in document order); [] past the visit bound. */
export function evaluateJsonPath(path: JsonPath, root: unknown): unknown[] {
  let current: unknown[] = [root];
  let visits = 0;
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value) && value.length > MAX_VISITS) return [];
      const reached = step(segment, value);
      visits += 1 + reached.length;
      if (visits > MAX_VISITS) return [];
      next.push(...reached);
    }
    current = next;
  }
  return current.filter((value) => value !== undefined).slice(0, MAX_RESULTS);
}
