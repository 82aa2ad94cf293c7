import { createPrivateKey, X509Certificate } from "node:crypto";
import { KubeConfig, type Cluster, type User } from "@kubernetes/client-node";
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, Parser, type CST } from "yaml";
import { AppError } from "@/lib/errors";

/**
 * Kubeconfig ingestion (docs/security.md §1). An uploaded kubeconfig is hostile: client-node's own
 * loader reads `token-file` from our disk, spawns `exec` commands, honours `proxy-url` and more.
 * So we never hand the upload to client-node. We parse the YAML ourselves under strict limits,
 * validate the chosen context against an allowlist, and keep only the normalized fields below.
 * Everything here is pure: no file, process, socket or DNS is touched.
 */

export const KUBECONFIG_MAX_BYTES = 64 * 1024;
export const KUBECONFIG_MAX_DEPTH = 20;
/** The error path for problems with the upload as a whole (size, encoding, YAML structure). */
export const KUBECONFIG_DOCUMENT_PATH = "kubeconfig";
/** The error path when the caller asks for a context the kubeconfig does not have. */
export const KUBECONFIG_CONTEXT_OPTION_PATH = "context";

export type KubeconfigCredential =
  | { readonly type: "token"; readonly token: string }
  /** certData and keyData are base64 of the PEM text, as client-node expects them. */
  | { readonly type: "clientCertificate"; readonly certData: string; readonly keyData: string };

export type NormalizedKubeconfig = {
  readonly contextName: string;
  readonly clusterName: string;
  readonly userName: string;
  /** https URL without credentials, query or fragment, and without a trailing slash. */
  readonly server: string;
  /** base64 of the PEM CA bundle, as client-node expects it. */
  readonly caData?: string;
  readonly tlsServerName?: string;
  readonly namespace?: string;
  readonly credential: KubeconfigCredential;
};

type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
type YamlMap = { [key: string]: YamlValue };

type NamedEntry = { readonly name: string; readonly path: string; readonly body: YamlValue };

/** A kubeconfig whose YAML and outer structure passed the checks; entries are not vetted yet. */
export type ParsedKubeconfig = {
  readonly currentContext?: string;
  readonly clusters: readonly NamedEntry[];
  readonly users: readonly NamedEntry[];
  readonly contexts: readonly NamedEntry[];
};

export type KubeconfigContextChoice = {
  readonly name: string;
  readonly current: boolean;
  /** Why this context cannot be used, or undefined when it can. */
  readonly problem?: { readonly message: string; readonly path: string };
};

// ---------------------------------------------------------------------------------------------
// Entry points

/** Parse, then vet one context: the chosen one, else current-context, else the only one. */
export function ingestKubeconfig(input: string | Uint8Array, options: { context?: string } = {}): NormalizedKubeconfig {
  return sanitizeContext(parseKubeconfig(input), options.context);
}

/** Safe YAML parsing plus the outer shape (lists of named clusters, users and contexts). */
export function parseKubeconfig(input: string | Uint8Array): ParsedKubeconfig {
  const root = parseSafeYaml(decodeUpload(input));
  return readOuterShape(root);
}

/** Every context with whether it passes the allowlist, for a context picker. */
export function listContexts(parsed: ParsedKubeconfig): KubeconfigContextChoice[] {
  return parsed.contexts.map((entry) => {
    const current = entry.name === parsed.currentContext;
    try {
      sanitizeContext(parsed, entry.name);
      return { name: entry.name, current };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return {
        name: entry.name,
        current,
        problem: { message: error.message, path: error.path ?? KUBECONFIG_DOCUMENT_PATH },
      };
    }
  });
}

/** Validate one context, its cluster and its user against the allowlist and normalize them. */
export function sanitizeContext(parsed: ParsedKubeconfig, contextName?: string): NormalizedKubeconfig {
  const context = chooseContext(parsed, contextName);
  const fields = readContextFields(context);
  const cluster = findReferenced(parsed.clusters, fields.cluster, `${context.path}.context.cluster`, "clusters");
  const user = findReferenced(parsed.users, fields.user, `${context.path}.context.user`, "users");
  const clusterFields = readClusterFields(cluster);
  return Object.freeze({
    contextName: context.name,
    clusterName: cluster.name,
    userName: user.name,
    ...clusterFields,
    ...(fields.namespace !== undefined && { namespace: fields.namespace }),
    credential: Object.freeze(readCredential(user)),
  });
}

/**
 * A client-node KubeConfig built field by field from the normalized, allowlisted values, never
 * from an upload. TLS verification stays on and there is no proxy, file or exec anywhere.
 */
export function buildKubeConfig(normalized: NormalizedKubeconfig): KubeConfig {
  if (!normalized.server.startsWith("https://")) {
    throw new AppError("INVALID_INPUT", "server must use https://", "server");
  }
  const cluster: Cluster = {
    name: normalized.clusterName,
    server: normalized.server,
    skipTLSVerify: false,
    ...(normalized.caData !== undefined && { caData: normalized.caData }),
    ...(normalized.tlsServerName !== undefined && { tlsServerName: normalized.tlsServerName }),
  };
  const { credential } = normalized;
  const user: User =
    credential.type === "token"
      ? { name: normalized.userName, token: credential.token }
      : { name: normalized.userName, certData: credential.certData, keyData: credential.keyData };
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromClusterAndUser(cluster, user);
  return kubeConfig;
}

// ---------------------------------------------------------------------------------------------
// Stage 1: bytes → text

const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function rejectDocument(message: string): never {
  throw new AppError("INVALID_INPUT", message, KUBECONFIG_DOCUMENT_PATH);
}

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
  return text;
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
 * stack before any AST exists. This generous guard runs on the parser's token stream with an
 * explicit stack; the precise limit with a path is applied later, on the AST.
 */
const CST_MAX_DEPTH = 64;

function parseSafeYaml(text: string): YamlValue {
  assertSingleShallowDocument(text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: "1.2",
    schema: "core",
    merge: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
    lineCounter,
  });
  const [firstError] = doc.errors;
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    rejectDocument(`the kubeconfig is not valid YAML: ${firstError.message} (line ${line}, column ${col})`);
  }
  return toPlainValue(doc.contents, "", 0);
}

function assertSingleShallowDocument(text: string) {
  let documents = 0;
  for (const token of new Parser().parse(text)) {
    if (token.type === "directive") rejectDocument("YAML directives (%YAML, %TAG) are not allowed in a kubeconfig");
    if (token.type !== "document") continue;
    documents += 1;
    if (documents > 1) rejectDocument("the kubeconfig must be exactly one YAML document; found more than one (---)");
    if (token.value) assertCstDepth(token.value, text);
  }
  if (documents === 0) rejectDocument("the kubeconfig is empty");
}

function assertCstDepth(root: CST.Token, text: string) {
  const pending: { token: CST.Token; depth: number }[] = [{ token: root, depth: 0 }];
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    const children = cstChildren(token);
    if (children === undefined) continue;
    if (depth + 1 > CST_MAX_DEPTH) {
      rejectDocument(
        `the kubeconfig is nested deeper than ${KUBECONFIG_MAX_DEPTH} levels (${describeOffset(text, tokenOffset(token))})`,
      );
    }
    for (const child of children) pending.push({ token: child, depth: depth + 1 });
  }
}

/** The nested tokens of a collection, or undefined for anything that is not a collection. */
function cstChildren(token: CST.Token): CST.Token[] | undefined {
  if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") return undefined;
  const items: readonly CST.CollectionItem[] = token.items;
  return items.flatMap((item) => [item.key, item.value]).filter((child): child is CST.Token => child != null);
}

function tokenOffset(token: CST.Token): number {
  return "offset" in token ? token.offset : 0;
}

function displayPath(path: string): string {
  return path === "" ? "the kubeconfig" : path;
}

function childPath(parent: string, key: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return `${parent}[${JSON.stringify(shown)}]`;
}

function rejectAt(path: string, message: string): never {
  throw new AppError("INVALID_INPUT", message, path === "" ? KUBECONFIG_DOCUMENT_PATH : path);
}

/** AST → plain data. Aliases, anchors and tags are refused outright, so nothing ever expands. */
function toPlainValue(node: unknown, path: string, depth: number): YamlValue {
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
  if (isMap(node)) return mapToPlain(node.items, path, depth);
  if (isSeq(node)) return node.items.map((item, index) => toPlainValue(item, `${path}[${index}]`, depth + 1));
  if (isScalar(node)) return scalarToPlain(node.value, path);
  return rejectAt(path, `${displayPath(path)} is not plain YAML data`);
}

function mapToPlain(pairs: readonly { key: unknown; value: unknown }[], path: string, depth: number): YamlMap {
  // No prototype: a key named __proto__ stays an ordinary (and later rejected) key.
  const result: YamlMap = Object.create(null);
  for (const pair of pairs) {
    const key = readKey(pair.key, path);
    result[key] = toPlainValue(pair.value, childPath(path, key), depth + 1);
  }
  return result;
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

// ---------------------------------------------------------------------------------------------
// Stage 3: the outer shape

const TOP_LEVEL_KEYS = new Set([
  "apiVersion",
  "kind",
  "clusters",
  "users",
  "contexts",
  "current-context",
  "preferences",
]);
const LIST_ENTRY_BODY = { clusters: "cluster", users: "user", contexts: "context" } as const;
type ListName = keyof typeof LIST_ENTRY_BODY;

function notAllowed(path: string, reason: string): never {
  return rejectAt(path, `${path} is not allowed: ${reason}`);
}

function isYamlMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readOuterShape(root: YamlValue): ParsedKubeconfig {
  if (!isYamlMap(root)) rejectDocument("the kubeconfig must be a YAML mapping with clusters, users and contexts");
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.has(key))
      notAllowed(
        childPath("", key),
        "a kubeconfig here may only have apiVersion, kind, clusters, users, contexts, current-context and preferences",
      );
  }
  expectOptionalLiteral(root.apiVersion, "apiVersion", "v1");
  expectOptionalLiteral(root.kind, "kind", "Config");
  assertEmptyPreferences(root.preferences);
  const currentContext = root["current-context"];
  if (currentContext !== undefined && currentContext !== null && currentContext !== "")
    readName(currentContext, "current-context");
  return {
    ...(typeof currentContext === "string" && currentContext !== "" && { currentContext }),
    clusters: readNamedList(root, "clusters"),
    users: readNamedList(root, "users"),
    contexts: readNamedList(root, "contexts"),
  };
}

function expectOptionalLiteral(value: YamlValue | undefined, path: string, expected: string) {
  if (value !== undefined && value !== expected) rejectAt(path, `${path} must be ${expected}`);
}

function assertEmptyPreferences(preferences: YamlValue | undefined) {
  if (preferences === undefined || preferences === null) return;
  if (!isYamlMap(preferences)) rejectAt("preferences", "preferences must be empty");
  const [first] = Object.keys(preferences);
  if (first !== undefined)
    notAllowed(
      childPath("preferences", first),
      "Pilothouse does not use kubeconfig preferences; leave preferences empty",
    );
}

function readNamedList(root: YamlMap, list: ListName): NamedEntry[] {
  const value = root[list];
  if (value === undefined || value === null) rejectAt(list, `${list} is required`);
  if (!Array.isArray(value)) rejectAt(list, `${list} must be a list`);
  const bodyKey = LIST_ENTRY_BODY[list];
  const seen = new Set<string>();
  return value.map((item, index) => {
    const path = `${list}[${index}]`;
    if (!isYamlMap(item)) rejectAt(path, `${path} must be a mapping with name and ${bodyKey}`);
    for (const key of Object.keys(item)) {
      if (key !== "name" && key !== bodyKey)
        notAllowed(childPath(path, key), `an entry of ${list} may only have name and ${bodyKey}`);
    }
    const name = readName(item.name, `${path}.name`);
    if (seen.has(name)) rejectAt(`${path}.name`, `${path}.name repeats the name of an earlier entry of ${list}`);
    seen.add(name);
    if (!(bodyKey in item)) rejectAt(`${path}.${bodyKey}`, `${path}.${bodyKey} is required`);
    return { name, path, body: item[bodyKey] ?? null };
  });
}

function readName(value: YamlValue | undefined, path: string): string {
  if (value === undefined || value === null || value === "") rejectAt(path, `${path} is required`);
  if (typeof value !== "string") rejectAt(path, `${path} must be a string`);
  if (value.length > 253 || /[\u0000-\u001F\u007F]/.test(value))
    rejectAt(path, `${path} must be at most 253 printable characters`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Stage 4: the chosen context, its cluster and its user, against the allowlist

const COMMANDS = "Pilothouse never runs commands from a kubeconfig";
const FILES = "Pilothouse never reads files named in a kubeconfig";
const IMPERSONATION = "Pilothouse decides impersonation itself; a kubeconfig cannot choose whom to act as";

const FORBIDDEN_CLUSTER_FIELDS: Record<string, string> = {
  "proxy-url": "Pilothouse never sends cluster traffic through a proxy named in a kubeconfig",
  "insecure-skip-tls-verify":
    "Pilothouse always verifies the cluster's TLS certificate; put the CA in certificate-authority-data",
  "certificate-authority": `${FILES}; put the CA in certificate-authority-data`,
};

const FORBIDDEN_USER_FIELDS: Record<string, string> = {
  // EKS, GKE and AKS kubeconfigs use exec plugins by default: say what to use instead.
  exec: `${COMMANDS}; use a token (for example a ServiceAccount token) or a client certificate`,
  "auth-provider":
    "Pilothouse never runs auth-provider plugins (they run commands and refresh tokens elsewhere); use a token or a client certificate",
  "token-file": `${FILES}; put the token in token`,
  tokenFile: `${FILES}; put the token in token`,
  "client-certificate": `${FILES}; use client-certificate-data`,
  "client-key": `${FILES}; use client-key-data`,
  username: "Pilothouse does not use basic-auth passwords; use a token or a client certificate",
  password: "Pilothouse does not use basic-auth passwords; use a token or a client certificate",
};

/** Why a field outside the allowlist is refused; the specific reasons first, then by name. */
function forbiddenReason(key: string, specific: Record<string, string>, allowedSummary: string): string {
  if (Object.hasOwn(specific, key)) return specific[key]!;
  if (/^(as|impersonate)(-|$)/i.test(key)) return IMPERSONATION;
  if (/(-file|File|path|Path)$/.test(key) || /^path/i.test(key)) return FILES;
  return `Pilothouse accepts only ${allowedSummary} here`;
}

function assertOnlyAllowedKeys(
  body: YamlMap,
  path: string,
  allowed: ReadonlySet<string>,
  specific: Record<string, string>,
) {
  const summary = [...allowed].join(", ");
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) notAllowed(childPath(path, key), forbiddenReason(key, specific, summary));
  }
}

function readBody(entry: NamedEntry, bodyKey: string): { body: YamlMap; path: string } {
  const path = `${entry.path}.${bodyKey}`;
  if (entry.body === null) return { body: Object.create(null), path };
  if (!isYamlMap(entry.body)) rejectAt(path, `${path} must be a mapping`);
  return { body: entry.body, path };
}

function chooseContext(parsed: ParsedKubeconfig, requested?: string): NamedEntry {
  if (requested !== undefined) {
    const found = parsed.contexts.find((entry) => entry.name === requested);
    if (!found)
      rejectAt(
        KUBECONFIG_CONTEXT_OPTION_PATH,
        `the context ${JSON.stringify(requested.slice(0, 253))} is not in this kubeconfig`,
      );
    return found;
  }
  if (parsed.currentContext !== undefined) {
    const found = parsed.contexts.find((entry) => entry.name === parsed.currentContext);
    if (!found) rejectAt("current-context", "current-context names a context that is not in contexts");
    return found;
  }
  const [only, ...others] = parsed.contexts;
  if (only === undefined) rejectAt("contexts", "contexts must list at least one context");
  if (others.length > 0)
    rejectAt(
      "current-context",
      `the kubeconfig has ${parsed.contexts.length} contexts and no current-context; choose one`,
    );
  return only;
}

const CONTEXT_KEYS = new Set(["cluster", "user", "namespace"]);

function readContextFields(entry: NamedEntry): { cluster: string; user: string; namespace?: string } {
  const { body, path } = readBody(entry, "context");
  assertOnlyAllowedKeys(body, path, CONTEXT_KEYS, {});
  const cluster = readName(body.cluster, `${path}.cluster`);
  const user = readName(body.user, `${path}.user`);
  const namespace = optionalString(body.namespace, `${path}.namespace`);
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    rejectAt(
      `${path}.namespace`,
      `${path}.namespace must be a Kubernetes namespace name (lowercase letters, digits and -)`,
    );
  }
  return { cluster, user, ...(namespace !== undefined && { namespace }) };
}

function findReferenced(entries: readonly NamedEntry[], name: string, path: string, list: string): NamedEntry {
  const found = entries.find((entry) => entry.name === name);
  if (!found) rejectAt(path, `${path} names an entry that is not in ${list}`);
  return found;
}

function optionalString(value: YamlValue | undefined, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") rejectAt(path, `${path} must be a non-empty string`);
  return value;
}

const CLUSTER_KEYS = new Set(["server", "certificate-authority-data", "tls-server-name"]);

function readClusterFields(entry: NamedEntry): { server: string; caData?: string; tlsServerName?: string } {
  const { body, path } = readBody(entry, "cluster");
  assertOnlyAllowedKeys(body, path, CLUSTER_KEYS, FORBIDDEN_CLUSTER_FIELDS);
  const server = readServer(body.server, `${path}.server`);
  const caPem = optionalPem(body["certificate-authority-data"], `${path}.certificate-authority-data`, "certificate");
  const tlsServerName = optionalString(body["tls-server-name"], `${path}.tls-server-name`);
  if (tlsServerName !== undefined && !isHostname(tlsServerName))
    rejectAt(`${path}.tls-server-name`, `${path}.tls-server-name must be a DNS name`);
  return {
    server,
    ...(caPem !== undefined && { caData: Buffer.from(caPem).toString("base64") }),
    ...(tlsServerName !== undefined && { tlsServerName }),
  };
}

function isHostname(value: string): boolean {
  return value.length <= 253 && /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/.test(value);
}

function readServer(value: YamlValue | undefined, path: string): string {
  const text = optionalString(value, path);
  if (text === undefined) rejectAt(path, `${path} is required`);
  if (text.length > 2048) rejectAt(path, `${path} is too long`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return rejectAt(path, `${path} must be an https:// URL`);
  }
  if (url.protocol !== "https:") {
    rejectAt(
      path,
      `${path} must use https:// (not ${url.protocol}//); Pilothouse never sends credentials over plain HTTP`,
    );
  }
  if (url.username !== "" || url.password !== "") rejectAt(path, `${path} must not contain a user name or password`);
  if (url.search !== "" || url.hash !== "" || text.includes("?") || text.includes("#")) {
    rejectAt(path, `${path} must not have a query or fragment`);
  }
  if (url.hostname === "") rejectAt(path, `${path} must name a host`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

const USER_KEYS = new Set(["token", "client-certificate-data", "client-key-data"]);

function readCredential(entry: NamedEntry): KubeconfigCredential {
  const { body, path } = readBody(entry, "user");
  assertOnlyAllowedKeys(body, path, USER_KEYS, FORBIDDEN_USER_FIELDS);
  const token = readToken(body.token, `${path}.token`);
  const certPem = optionalPem(body["client-certificate-data"], `${path}.client-certificate-data`, "certificate");
  const keyPem = optionalPem(body["client-key-data"], `${path}.client-key-data`, "private key");
  const hasCertificate = certPem !== undefined || keyPem !== undefined;
  if (token !== undefined && hasCertificate) {
    rejectAt(path, `${path} has both a token and a client certificate; keep exactly one`);
  }
  if (token !== undefined) return { type: "token", token };
  if (certPem === undefined && keyPem === undefined) {
    rejectAt(path, `${path} needs a token, or client-certificate-data with client-key-data`);
  }
  if (certPem === undefined)
    rejectAt(`${path}.client-certificate-data`, `${path}.client-certificate-data is required with client-key-data`);
  if (keyPem === undefined)
    rejectAt(`${path}.client-key-data`, `${path}.client-key-data is required with client-certificate-data`);
  assertKeyMatchesCertificate(certPem, keyPem, `${path}.client-key-data`);
  return {
    type: "clientCertificate",
    certData: Buffer.from(certPem).toString("base64"),
    keyData: Buffer.from(keyPem).toString("base64"),
  };
}

function readToken(value: YamlValue | undefined, path: string): string | undefined {
  const token = optionalString(value, path);
  // The token becomes an Authorization header: visible ASCII only, so nothing can split headers.
  if (token !== undefined && !/^[\x21-\x7E]+$/.test(token))
    rejectAt(path, `${path} must be printable ASCII without spaces`);
  return token;
}

// ---------------------------------------------------------------------------------------------
// base64 PEM fields

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1-----/g;

/** Decode a `*-data` field and check it is PEM of the expected kind; returns the PEM text. */
function optionalPem(
  value: YamlValue | undefined,
  path: string,
  kind: "certificate" | "private key",
): string | undefined {
  const encoded = optionalString(value, path);
  if (encoded === undefined) return undefined;
  const pem = decodeStrictBase64(encoded, path);
  if (kind === "certificate") assertCertificates(pem, path);
  else assertPrivateKey(pem, path);
  return pem;
}

function decodeStrictBase64(encoded: string, path: string): string {
  const compact = encoded.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    rejectAt(path, `${path} must be base64`);
  }
  const text = Buffer.from(compact, "base64").toString("latin1");
  if (!/^[\x09\x0A\x0D\x20-\x7E]*$/.test(text)) rejectAt(path, `${path} must be base64 of PEM text`);
  return text;
}

function pemBlocks(pem: string): { label: string; text: string }[] {
  return [...pem.matchAll(PEM_BLOCK)].map((match) => ({ label: match[1]!, text: match[0] }));
}

function assertCertificates(pem: string, path: string) {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0 || blocks.some((block) => block.label !== "CERTIFICATE")) {
    rejectAt(path, `${path} must be base64 of PEM certificates (-----BEGIN CERTIFICATE-----)`);
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block.text);
    } catch {
      rejectAt(path, `${path} contains a certificate that cannot be read`);
    }
  }
}

function assertPrivateKey(pem: string, path: string) {
  if (pem.includes("ENCRYPTED")) rejectAt(path, `${path} is an encrypted key; Pilothouse needs it unencrypted`);
  const blocks = pemBlocks(pem);
  const [block] = blocks;
  if (blocks.length !== 1 || !block || !/^((RSA|EC) )?PRIVATE KEY$/.test(block.label)) {
    rejectAt(path, `${path} must be base64 of one PEM private key (-----BEGIN PRIVATE KEY-----)`);
  }
  try {
    createPrivateKey(block.text);
  } catch {
    rejectAt(path, `${path} contains a private key that cannot be read`);
  }
}

function assertKeyMatchesCertificate(certPem: string, keyPem: string, path: string) {
  const [first] = pemBlocks(certPem);
  const matches = first !== undefined && new X509Certificate(first.text).checkPrivateKey(createPrivateKey(keyPem));
  if (!matches) rejectAt(path, `${path} does not belong to the certificate in client-certificate-data`);
}
