import { AppError } from "@/lib/errors";
import { Composer, CST, isAlias, isMap, isNode, isScalar, isSeq, Lexer, LineCounter, Parser } from "yaml";

/**
 * Kubeconfig ingestion, stages 1 and 2 (docs/decisions/0008): an upload's bytes → text → plain
 * YAML values, under strict limits, with no anchors, aliases or tags. kubeconfig.ts then checks the
 * shape and the allowlist.
 *
 * Linear in the input: a byte scan bounds the structure before any YAML pass; lexing and parsing
 * run as one stream that stops at the first bound passed (tokens, tokens per line, depth,
 * collection size, anchors); composition skips the YAML library's quadratic duplicate-key check,
 * and duplicates are found while converting to plain values. Pure: nothing but the text is read.
 */

export const KUBECONFIG_MAX_BYTES = 64 * 1024;
export const KUBECONFIG_MAX_DEPTH = 20;
/** Entries of one list or mapping: far above any real kubeconfig, far below what 64 KiB could hold. */
export const KUBECONFIG_MAX_COLLECTION_ITEMS = 1000;
/** Lines, commas and brackets: a bound on the work every later pass does, checked before parsing. */
export const KUBECONFIG_MAX_STRUCTURE = 2048;
/** The error path for problems with the upload as a whole (size, encoding, YAML structure). */
export const KUBECONFIG_DOCUMENT_PATH = "kubeconfig";

export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
export type YamlMap = { [key: string]: YamlValue };

/** Stages 1 and 2: the upload as plain data, or an AppError at path `kubeconfig` (or the offending key's path). */
export function readKubeconfigYaml(input: string | Uint8Array): YamlValue {
  return parseSafeYaml(decodeUpload(input));
}

export function isYamlMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `users[0].user.exec`; keys that are not plain identifiers are quoted (and cut at 64 characters). */
export function childPath(parent: string, key: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return `${parent}[${JSON.stringify(shown)}]`;
}

export function rejectDocument(message: string): never {
  throw new AppError("INVALID_INPUT", message, KUBECONFIG_DOCUMENT_PATH);
}

// ---------------------------------------------------------------------------------------------
// Stage 1: bytes → text

const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function decodeUpload(input: string | Uint8Array): string {
  const tooLarge = `the kubeconfig is larger than ${KUBECONFIG_MAX_BYTES / 1024} KiB`;
  let text: string;
  if (typeof input === "string") {
    // A UTF-16 length above the cap already means more bytes than the cap; skip counting then.
    if (input.length > KUBECONFIG_MAX_BYTES || Buffer.byteLength(input, "utf8") > KUBECONFIG_MAX_BYTES)
      rejectDocument(tooLarge);
    text = input;
  } else {
    if (input.byteLength > KUBECONFIG_MAX_BYTES) rejectDocument(tooLarge);
    text = decodeUtf8(input);
  }
  return assertPlainText(text.replace(/^\uFEFF/, ""));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return rejectDocument("the kubeconfig is not valid UTF-8 text");
  }
}

function assertPlainText(text: string): string {
  // U+FFFD is what a lossy decoder leaves where bytes were not UTF-8: binary garbage upstream.
  if (text.includes("\uFFFD") || LONE_SURROGATE.test(text)) rejectDocument("the kubeconfig is not valid UTF-8 text");
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0);
    const what =
      code === 0 ? "a NUL byte" : `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    rejectDocument(`the kubeconfig is not text: it contains ${what} (${describeOffset(text, control.index)})`);
  }
  if (text.trim() === "") rejectDocument("the kubeconfig is empty");
  assertBoundedStructure(text);
  return text;
}

/**
 * Every YAML pass costs per token, and tokens need lines, commas or brackets. Counting those
 * bytes first bounds all later work; a real kubeconfig of 64 KiB has a few hundred.
 */
function assertBoundedStructure(text: string) {
  let structure = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // \n , [ {
    if (code === 10 || code === 44 || code === 91 || code === 123) structure += 1;
  }
  if (structure > KUBECONFIG_MAX_STRUCTURE) {
    rejectDocument(
      `the kubeconfig has more lines, list items and brackets (${structure}) than a kubeconfig needs (at most ${KUBECONFIG_MAX_STRUCTURE})`,
    );
  }
}

function describeOffset(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

// ---------------------------------------------------------------------------------------------
// Stage 2: text → plain values, with YAML limits

/**
 * The composer recurses per nesting level, so a deep flow collection (`[[[[…`) could exhaust the
 * stack before any AST exists. This generous guard runs on the parser's tokens with an explicit
 * stack; the precise limit with a path is applied later, on the AST.
 */
const CST_MAX_DEPTH = 64;
/** Lexical tokens (keys, values, indicators, spaces): a real 64 KiB kubeconfig has a few thousand. */
const MAX_LEXEMES = 12_000;
/**
 * Anchors, aliases and tags are refused with their path once the AST exists, but hundreds of them
 * make the YAML library's own checks superlinear, so past this count they are refused right away.
 */
const MAX_NODE_PROPERTIES = 100;
/** A long flow list fits on one line; thousands of indicators on one line are an attack on the parser. */
const MAX_LEXEMES_PER_LINE = 1024;

function parseSafeYaml(text: string): YamlValue {
  const lineCounter = new LineCounter();
  const tokens = parseBoundedCst(text, lineCounter);
  assertSingleBoundedDocument(tokens, lineCounter);
  const composer = new Composer({
    version: "1.2",
    schema: "core",
    merge: false,
    // The library's check compares every key with every other: quadratic. toPlain finds duplicates in linear time.
    uniqueKeys: false,
    strict: true,
    prettyErrors: false,
  });
  const [doc] = [...composer.compose(tokens, true, text.length)];
  if (!doc) return rejectDocument("the kubeconfig is empty");
  const [firstError] = doc.errors;
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    rejectDocument(`the kubeconfig is not valid YAML: ${firstError.message} (line ${line}, column ${col})`);
  }
  return new PlainConverter(lineCounter).convert(doc.contents, "", 0);
}

/** Lex and parse in one stream, stopping as soon as a bound is passed rather than after the whole CST. */
function parseBoundedCst(text: string, lineCounter: LineCounter): CST.Token[] {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  const bounds = new StreamBounds(parser, lineCounter);
  for (const lexeme of new Lexer().lex(text)) {
    bounds.check(lexeme);
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** Limits checked per lexical token while the parser builds the CST: each check is O(1) or O(depth). */
class StreamBounds {
  private lexemes = 0;
  private onLine = 0;
  private properties = 0;
  private scalarNext = false;

  constructor(
    private readonly parser: Parser,
    private readonly lineCounter: LineCounter,
  ) {}

  check(lexeme: string) {
    this.lexemes += 1;
    this.onLine += 1;
    if (this.lexemes > MAX_LEXEMES) this.reject(`has more YAML tokens than a kubeconfig needs (over ${MAX_LEXEMES}`);
    if (this.onLine > MAX_LEXEMES_PER_LINE)
      this.reject(`has a line with more YAML tokens than a kubeconfig needs (over ${MAX_LEXEMES_PER_LINE}`);
    const type = this.scalarNext ? "scalar-source" : CST.tokenType(lexeme);
    this.scalarNext = type === "scalar";
    if ((type === "anchor" || type === "alias" || type === "tag") && ++this.properties > MAX_NODE_PROPERTIES)
      this.reject("uses YAML anchors, aliases or tags, which are not allowed in a kubeconfig (");
    const { stack } = this.parser;
    if (stack.length > CST_MAX_DEPTH) this.reject(`is nested deeper than ${KUBECONFIG_MAX_DEPTH} levels (`);
    if (type !== "newline") return;
    this.onLine = 0;
    // Collections grow at line starts (block) or by commas, which the per-line bound limits (flow).
    if (stack.some((token) => (collectionItems(token)?.length ?? 0) > KUBECONFIG_MAX_COLLECTION_ITEMS))
      this.reject(`has a list or mapping with more than ${KUBECONFIG_MAX_COLLECTION_ITEMS} entries (`);
  }

  private reject(what: string): never {
    const { line, col } = this.lineCounter.linePos(this.parser.offset);
    const separator = what.endsWith("(") ? "" : ", ";
    return rejectDocument(`the kubeconfig ${what}${separator}line ${line}, column ${col})`);
  }
}

function assertSingleBoundedDocument(tokens: readonly CST.Token[], lineCounter: LineCounter) {
  let documents = 0;
  for (const token of tokens) {
    if (token.type === "directive") rejectDocument("YAML directives (%YAML, %TAG) are not allowed in a kubeconfig");
    if (token.type !== "document") continue;
    documents += 1;
    if (documents > 1) rejectDocument("the kubeconfig must be exactly one YAML document; found more than one (---)");
    if (token.value) assertCstBounds(token.value, lineCounter);
  }
  if (documents === 0) rejectDocument("the kubeconfig is empty");
}

function assertCstBounds(root: CST.Token, lineCounter: LineCounter) {
  const where = (token: CST.Token) => {
    const { line, col } = lineCounter.linePos(tokenOffset(token));
    return `line ${line}, column ${col}`;
  };
  const pending: { token: CST.Token; depth: number }[] = [{ token: root, depth: 0 }];
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    const items = collectionItems(token);
    if (items === undefined) continue;
    if (depth + 1 > CST_MAX_DEPTH)
      rejectDocument(`the kubeconfig is nested deeper than ${KUBECONFIG_MAX_DEPTH} levels (${where(token)})`);
    if (items.length > KUBECONFIG_MAX_COLLECTION_ITEMS) {
      rejectDocument(
        `the kubeconfig has a list or mapping with more than ${KUBECONFIG_MAX_COLLECTION_ITEMS} entries (${where(token)})`,
      );
    }
    for (const item of items) {
      if (item.key) pending.push({ token: item.key, depth: depth + 1 });
      if (item.value) pending.push({ token: item.value, depth: depth + 1 });
    }
  }
}

/** The items of a collection, or undefined for anything that is not a collection. */
function collectionItems(token: CST.Token): readonly CST.CollectionItem[] | undefined {
  if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") return undefined;
  return token.items;
}

function tokenOffset(token: CST.Token): number {
  return "offset" in token ? token.offset : 0;
}

function displayPath(path: string): string {
  return path === "" ? "the kubeconfig" : path;
}

function rejectAt(path: string, message: string): never {
  throw new AppError("INVALID_INPUT", message, path === "" ? KUBECONFIG_DOCUMENT_PATH : path);
}

/** AST → plain data. Aliases, anchors and tags are refused outright, so nothing ever expands. */
class PlainConverter {
  constructor(private readonly lineCounter: LineCounter) {}

  convert(node: unknown, path: string, depth: number): YamlValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node))
      rejectAt(path, `${displayPath(path)} uses a YAML alias (*); anchors and aliases are not allowed in a kubeconfig`);
    if (!isNode(node)) rejectAt(path, `${displayPath(path)} is not plain YAML data`);
    if (node.anchor)
      rejectAt(path, `${displayPath(path)} has a YAML anchor (&); anchors and aliases are not allowed in a kubeconfig`);
    if (node.tag)
      rejectAt(path, `${displayPath(path)} has a YAML tag; tags such as !!binary are not allowed in a kubeconfig`);
    if (depth > KUBECONFIG_MAX_DEPTH)
      rejectAt(path, `${displayPath(path)} is nested deeper than ${KUBECONFIG_MAX_DEPTH} levels`);
    if (isMap(node)) return this.mapToPlain(node.items, path, depth);
    if (isSeq(node)) return node.items.map((item, index) => this.convert(item, `${path}[${index}]`, depth + 1));
    if (isScalar(node)) return scalarToPlain(node.value, path);
    return rejectAt(path, `${displayPath(path)} is not plain YAML data`);
  }

  private mapToPlain(pairs: readonly { key: unknown; value: unknown }[], path: string, depth: number): YamlMap {
    // No prototype: a key named __proto__ stays an ordinary (and later rejected) key, and `in` sees own keys only.
    const result: YamlMap = Object.create(null);
    for (const pair of pairs) {
      const key = readKey(pair.key, path);
      const keyPath = childPath(path, key);
      if (key in result) {
        const { line, col } = this.lineCounter.linePos((pair.key as { range?: [number] }).range?.[0] ?? 0);
        rejectAt(keyPath, `${keyPath} appears twice; each key may appear only once (line ${line}, column ${col})`);
      }
      result[key] = this.convert(pair.value, keyPath, depth + 1);
    }
    return result;
  }
}

/** Keys must be plain strings; a collection used as a key is refused without walking into it. */
function readKey(node: unknown, mapPath: string): string {
  if (isAlias(node))
    rejectAt(
      mapPath,
      `${displayPath(mapPath)} uses a YAML alias (*) as a key; anchors and aliases are not allowed in a kubeconfig`,
    );
  if (!isScalar(node) || typeof node.value !== "string")
    rejectAt(mapPath, `${displayPath(mapPath)} has a key that is not a string`);
  if (node.anchor)
    rejectAt(
      mapPath,
      `${displayPath(mapPath)} has a YAML anchor (&) on a key; anchors and aliases are not allowed in a kubeconfig`,
    );
  if (node.tag)
    rejectAt(
      mapPath,
      `${displayPath(mapPath)} has a YAML tag on a key; tags such as !!binary are not allowed in a kubeconfig`,
    );
  return node.value;
}

function scalarToPlain(value: unknown, path: string): YamlValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return rejectAt(path, `${displayPath(path)} is not a plain string, number or boolean`);
}
