/**
 * Kubernetes selectors. Label selectors (the grammar of `kubectl get -l`): `app=web`, `tier!=db`,
 * `env in (prod, staging)`, `track notin (canary)`, `release` (exists), `!legacy` (does not
 * exist), comma-separated and all required. Field selectors: `metadata.name=web,status.phase!=Running`.
 * Isomorphic: the server filters cached rows with them and normalizes upstream selectors so
 * equal selectors share one watch.
 */
import { AppError } from "./errors";

export type Requirement =
  | { key: string; operator: "exists" | "doesNotExist" }
  | { key: string; operator: "equals" | "notEquals"; value: string }
  | { key: string; operator: "in" | "notIn"; values: readonly string[] };

export type LabelSelector = readonly Requirement[];

/** Bounds on what a caller may ask us to parse and evaluate. */
const MAX_SELECTOR_LENGTH = 4096;
const MAX_REQUIREMENTS = 64;
const MAX_SET_VALUES = 64;

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Token = { kind: "word" | "," | "(" | ")" | "=" | "==" | "!=" | "!"; text: string };

/**
 * Parse a selector; an empty string selects everything. Errors are INVALID_INPUT at `path`,
 * saying what was expected, like kubectl does.
 */
export function parseLabelSelector(text: string, path = "labelSelector"): LabelSelector {
  if (text.length > MAX_SELECTOR_LENGTH) {
    throw new AppError("INVALID_INPUT", `${path} is longer than ${MAX_SELECTOR_LENGTH} characters`, path);
  }
  const tokens = tokenize(text, path);
  const requirements: Requirement[] = [];
  let position = 0;
  const fail = (message: string): never => {
    throw new AppError("INVALID_INPUT", `${path}: ${message}`, path);
  };
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  while (position < tokens.length) {
    if (requirements.length === MAX_REQUIREMENTS) fail(`at most ${MAX_REQUIREMENTS} requirements`);
    requirements.push(parseRequirement());
    const separator = next();
    if (separator && separator.kind !== ",") fail(`expected "," but found "${separator.text}"`);
    if (separator && position === tokens.length) fail("a requirement must follow the last comma");
  }
  return requirements;

  function parseRequirement(): Requirement {
    if (peek()?.kind === "!") {
      next();
      return { key: parseKey(), operator: "doesNotExist" };
    }
    const key = parseKey();
    const operator = peek();
    if (!operator || operator.kind === ",") return { key, operator: "exists" };
    next();
    if (operator.kind === "=" || operator.kind === "==") return { key, operator: "equals", value: parseValue() };
    if (operator.kind === "!=") return { key, operator: "notEquals", value: parseValue() };
    if (operator.kind === "word" && (operator.text === "in" || operator.text === "notin")) {
      return { key, operator: operator.text === "in" ? "in" : "notIn", values: parseSet() };
    }
    return fail(`expected =, ==, !=, in or notin after "${key}" but found "${operator.text}"`);
  }

  function parseKey(): string {
    const token = next();
    if (token?.kind !== "word") return fail(`expected a label key but found ${token ? `"${token.text}"` : "the end"}`);
    if (!isLabelKey(token.text)) fail(`"${token.text}" is not a valid label key`);
    return token.text;
  }

  function parseValue(): string {
    const token = peek();
    // `key=` selects the empty value, which Kubernetes allows.
    if (!token || token.kind === ",") return "";
    next();
    if (token.kind !== "word" || !isLabelValue(token.text)) fail(`"${token.text}" is not a valid label value`);
    return token.text;
  }

  function parseSet(): string[] {
    if (next()?.kind !== "(") fail('expected "(" after in or notin');
    const values: string[] = [];
    for (;;) {
      if (values.length === MAX_SET_VALUES) fail(`at most ${MAX_SET_VALUES} values in a set`);
      const token = next();
      if (token?.kind === "word") {
        if (!isLabelValue(token.text)) fail(`"${token.text}" is not a valid label value`);
        values.push(token.text);
      } else if (token?.kind === ")" && values.length === 0) {
        return fail("a set needs at least one value");
      } else {
        return fail(`expected a value but found ${token ? `"${token.text}"` : "the end"}`);
      }
      const after = next();
      if (after?.kind === ")") return values;
      if (after?.kind !== ",") fail(`expected "," or ")" but found ${after ? `"${after.text}"` : "the end"}`);
    }
  }
}

/** Whether a row's labels satisfy every requirement. */
export function matchesLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>> = {}): boolean {
  return selector.every((requirement) => matchesRequirement(requirement, labels));
}

/** The canonical text of a selector (sorted by key, `==` as `=`): equal selectors print equal. */
export function formatLabelSelector(selector: LabelSelector): string {
  return [...selector].map(formatRequirement).sort().join(",");
}

export type FieldRequirement = { field: string; operator: "equals" | "notEquals"; value: string };

const FIELD_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const FIELD_VALUE = /^[^,\\]*$/;

/** Parse `field=value,field!=value`; the apiserver decides which fields a resource supports. */
export function parseFieldSelector(text: string, path = "fieldSelector"): FieldRequirement[] {
  if (text.length > MAX_SELECTOR_LENGTH) {
    throw new AppError("INVALID_INPUT", `${path} is longer than ${MAX_SELECTOR_LENGTH} characters`, path);
  }
  if (text.trim() === "") return [];
  const terms = text.split(",");
  if (terms.length > MAX_REQUIREMENTS)
    throw new AppError("INVALID_INPUT", `${path}: at most ${MAX_REQUIREMENTS} requirements`, path);
  return terms.map((term) => {
    const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!match || !FIELD_PATH.test(match[1]!) || !FIELD_VALUE.test(match[3]!)) {
      throw new AppError("INVALID_INPUT", `${path}: "${term.trim()}" is not field=value or field!=value`, path);
    }
    return { field: match[1]!, operator: match[2] === "!=" ? "notEquals" : "equals", value: match[3]! };
  });
}

export function formatFieldSelector(selector: readonly FieldRequirement[]): string {
  return selector
    .map(({ field, operator, value }) => `${field}${operator === "equals" ? "=" : "!="}${value}`)
    .sort()
    .join(",");
}

// ---------------------------------------------------------------------------------------------

function matchesRequirement(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const value = present ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case "exists":
      return present;
    case "doesNotExist":
      return !present;
    case "equals":
      return value === requirement.value;
    case "notEquals":
      return value !== requirement.value;
    case "in":
      return present && requirement.values.includes(value!);
    case "notIn":
      return !present || !requirement.values.includes(value!);
  }
}

function formatRequirement(requirement: Requirement): string {
  switch (requirement.operator) {
    case "exists":
      return requirement.key;
    case "doesNotExist":
      return `!${requirement.key}`;
    case "equals":
      return `${requirement.key}=${requirement.value}`;
    case "notEquals":
      return `${requirement.key}!=${requirement.value}`;
    case "in":
    case "notIn":
      return `${requirement.key} ${requirement.operator.toLowerCase()} (${[...new Set(requirement.values)].sort().join(",")})`;
  }
}

function tokenize(text: string, path: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "=" || char === "!") {
      const double = text[index + 1] === "=";
      const kind = char === "=" ? (double ? "==" : "=") : double ? "!=" : "!";
      tokens.push({ kind, text: kind });
      index += double ? 2 : 1;
    } else if (char === "," || char === "(" || char === ")") {
      tokens.push({ kind: char, text: char });
      index += 1;
    } else {
      const start = index;
      while (index < text.length && !/[\s,()=!]/.test(text[index]!)) index += 1;
      tokens.push({ kind: "word", text: text.slice(start, index) });
    }
  }
  if (tokens.length === 0 && text.trim() !== "") throw new AppError("INVALID_INPUT", `${path} is not valid`, path);
  return tokens;
}

function isLabelKey(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash === -1) return NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && NAME.test(key.slice(slash + 1));
}

function isLabelValue(value: string): boolean {
  return value === "" || NAME.test(value);
}
