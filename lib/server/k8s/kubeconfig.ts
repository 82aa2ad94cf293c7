import { createPrivateKey, X509Certificate } from "node:crypto";
import { AppError, type InputProblem } from "@/lib/errors";
import { CLOUD_CONNECTOR_NAMES } from "@/lib/wire/cloud-connectors";
import { detectCloudConnector, execProgram } from "./cloud-exec";
import {
  childPath,
  isYamlMap,
  KUBECONFIG_DOCUMENT_PATH,
  readKubeconfigYaml,
  rejectDocument,
  type YamlMap,
  type YamlValue,
} from "./kubeconfig-yaml";

export { KUBECONFIG_DOCUMENT_PATH, KUBECONFIG_MAX_BYTES } from "./kubeconfig-yaml";

/**
 * Kubeconfig ingestion (docs/security.md §1, decision 0041). An uploaded kubeconfig is hostile:
 * client-node's own loader reads `token-file` from our disk, spawns `exec` commands, honours
 * `proxy-url` and more. So we never hand the upload to client-node. We parse the YAML ourselves
 * under strict limits, validate the chosen context against an allowlist, and keep only the
 * normalized fields below. Fields that are only metadata or client-side preferences
 * (`extensions`, `preferences`, `disable-compression`) are accepted and ignored.
 * Everything here is pure: no file, process, socket or DNS is touched.
 *
 * The YAML itself is read by kubeconfig-yaml.ts in linear time; here each cluster and user entry
 * is vetted at most once per parse, however many contexts use it, and every problem of a context
 * is collected (in plain words naming the entry, with the path as a detail) before refusing.
 */

/** The error path when the caller asks for a context the kubeconfig does not have. */
export const KUBECONFIG_CONTEXT_OPTION_PATH = "context";
/** At most this many problems are reported for one kubeconfig; a summary counts the rest. */
const MAX_PROBLEMS = 50;

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
  /** Where the server address is in the upload (`clusters[0].cluster.server`), for errors found later. */
  readonly serverPath: string;
};

type NamedEntry = { readonly name: string; readonly path: string; readonly body: YamlValue };

/** A kubeconfig whose YAML and outer structure passed the checks; entries are not vetted yet. */
export type ParsedKubeconfig = {
  readonly currentContext?: string;
  readonly clusters: readonly NamedEntry[];
  readonly users: readonly NamedEntry[];
  readonly contexts: readonly NamedEntry[];
  readonly byName: {
    readonly clusters: ReadonlyMap<string, NamedEntry>;
    readonly users: ReadonlyMap<string, NamedEntry>;
    readonly contexts: ReadonlyMap<string, NamedEntry>;
  };
};

export type KubeconfigContextChoice = {
  readonly name: string;
  readonly current: boolean;
  /** Where a usable context points. */
  readonly server?: string;
  /** Every reason this context cannot be used; absent when it can. */
  readonly problems?: readonly InputProblem[];
};

// ---------------------------------------------------------------------------------------------
// Entry points

/** Parse, then vet one context: the chosen one, else current-context, else the only one. */
export function ingestKubeconfig(input: string | Uint8Array, options: { context?: string } = {}): NormalizedKubeconfig {
  return sanitizeContext(parseKubeconfig(input), options.context);
}

/** Safe YAML parsing plus the outer shape (lists of named clusters, users and contexts). */
export function parseKubeconfig(input: string | Uint8Array): ParsedKubeconfig {
  return readOuterShape(readKubeconfigYaml(input));
}

/** Every context with whether it passes the allowlist (and where it points), for a context picker. */
export function listContexts(parsed: ParsedKubeconfig): KubeconfigContextChoice[] {
  return parsed.contexts.map((entry) => {
    const current = entry.name === parsed.currentContext;
    const verdict = vetContext(parsed, entry);
    return verdict.normalized
      ? { name: entry.name, current, server: verdict.normalized.server }
      : { name: entry.name, current, problems: verdict.problems };
  });
}

/** Validate one context, its cluster and its user against the allowlist and normalize them. */
export function sanitizeContext(parsed: ParsedKubeconfig, contextName?: string): NormalizedKubeconfig {
  const verdict = vetContext(parsed, chooseContext(parsed, contextName));
  if (!verdict.normalized) refuse(verdict.problems);
  return verdict.normalized;
}

// ---------------------------------------------------------------------------------------------
// Problems: collected, then refused together

/** Every problem found (bounded by the input's own limits); only the first MAX_PROBLEMS are reported. */
class Problems {
  readonly items: InputProblem[] = [];

  add(path: string, message: string, hint?: string, extra: Partial<InputProblem> = {}) {
    this.items.push({ path, message, ...(hint !== undefined && { hint }), ...extra });
  }

  addAll(problems: readonly InputProblem[]) {
    for (const problem of problems) this.add(problem.path, problem.message, problem.hint, problem);
  }

  get empty() {
    return this.items.length === 0;
  }

  /** What is reported: at most MAX_PROBLEMS, with a last item counting the rest. */
  list(): readonly InputProblem[] {
    const omitted = this.items.length - MAX_PROBLEMS;
    if (omitted <= 0) return this.items;
    return [
      ...this.items.slice(0, MAX_PROBLEMS),
      { path: KUBECONFIG_DOCUMENT_PATH, message: `…and ${omitted} more problems in this kubeconfig.` },
    ];
  }
}

/** One AppError for all of them: the message reads alone, `path` is the first problem's, `problems` has each. */
function refuse(problems: readonly InputProblem[]): never {
  const [first, ...rest] = problems;
  if (!first) throw new Error("refuse() needs at least one problem");
  const more = rest.length === 0 ? "" : ` (and ${rest.length} more ${rest.length === 1 ? "problem" : "problems"})`;
  const message = `${first.message}${first.hint ? ` ${first.hint}` : ""}${more}`;
  throw new AppError("INVALID_INPUT", message, first.path, { problems });
}

function refuseOne(path: string, message: string, hint?: string): never {
  return refuse([{ path, message, ...(hint !== undefined && { hint }) }]);
}

// ---------------------------------------------------------------------------------------------
// Stage 3: the outer shape

const TOP_LEVEL_KEYS = new Set(["apiVersion", "kind", "clusters", "users", "contexts", "current-context"]);
/** Metadata and client-side preferences: accepted and never read (docs/decisions/0041). */
const IGNORED_TOP_LEVEL_KEYS = new Set(["preferences", "extensions"]);
const LIST_ENTRY_BODY = { clusters: "cluster", users: "user", contexts: "context" } as const;
type ListName = keyof typeof LIST_ENTRY_BODY;
const ENTRY_KIND = { clusters: "cluster entry", users: "user entry", contexts: "context" } as const;

function readOuterShape(root: YamlValue): ParsedKubeconfig {
  if (!isYamlMap(root)) rejectDocument("the kubeconfig must be a YAML mapping with clusters, users and contexts");
  const problems = new Problems();
  for (const key of Object.keys(root)) {
    if (TOP_LEVEL_KEYS.has(key) || IGNORED_TOP_LEVEL_KEYS.has(key)) continue;
    problems.add(
      childPath("", key),
      `The kubeconfig has a top-level field Pilothouse does not recognise (${truncate(key)}).`,
      "Remove it. A kubeconfig has apiVersion, kind, clusters, users, contexts and current-context (preferences and extensions are ignored).",
    );
  }
  if (root.apiVersion !== undefined && root.apiVersion !== "v1")
    problems.add("apiVersion", "The kubeconfig's apiVersion must be v1.");
  if (root.kind !== undefined && root.kind !== "Config") problems.add("kind", "The kubeconfig's kind must be Config.");
  const currentContext = readCurrentContext(root["current-context"], problems);
  const lists = {
    clusters: readNamedList(root, "clusters", problems),
    users: readNamedList(root, "users", problems),
    contexts: readNamedList(root, "contexts", problems),
  };
  if (!problems.empty) refuse(problems.list());
  return {
    ...(currentContext !== undefined && { currentContext }),
    ...lists,
    byName: {
      clusters: new Map(lists.clusters.map((entry) => [entry.name, entry])),
      users: new Map(lists.users.map((entry) => [entry.name, entry])),
      contexts: new Map(lists.contexts.map((entry) => [entry.name, entry])),
    },
  };
}

function readCurrentContext(value: YamlValue | undefined, problems: Problems): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return readName(value, "current-context", "The kubeconfig", problems, "current-context");
}

function readNamedList(root: YamlMap, list: ListName, problems: Problems): NamedEntry[] {
  const value = root[list];
  if (value === undefined || value === null) {
    problems.add(list, `The kubeconfig has no ${list} list.`, `Add ${list}, as kubectl writes it.`);
    return [];
  }
  if (!Array.isArray(value)) {
    problems.add(list, `The kubeconfig's ${list} is not a list.`);
    return [];
  }
  const bodyKey = LIST_ENTRY_BODY[list];
  const seen = new Set<string>();
  const entries: NamedEntry[] = [];
  value.forEach((item, index) => {
    const path = `${list}[${index}]`;
    const label = `Entry ${index + 1} of ${list}`;
    if (!isYamlMap(item)) {
      problems.add(path, `${label} is not a mapping with name and ${bodyKey}.`);
      return;
    }
    for (const key of Object.keys(item)) {
      if (key !== "name" && key !== bodyKey)
        problems.add(
          childPath(path, key),
          `${label} has a field Pilothouse does not recognise (${truncate(key)}).`,
          `An entry of ${list} has only name and ${bodyKey}.`,
        );
    }
    const name = readName(item.name, `${path}.name`, label, problems);
    if (name === undefined) return;
    const subject = `The ${ENTRY_KIND[list]} ${quote(name)}`;
    if (seen.has(name)) {
      problems.add(`${path}.name`, `${subject} appears twice in ${list}; names must be unique.`);
      return;
    }
    seen.add(name);
    if (!(bodyKey in item)) {
      problems.add(`${path}.${bodyKey}`, `${subject} has no ${bodyKey} section.`);
      return;
    }
    entries.push({ name, path, body: item[bodyKey] ?? null });
  });
  return entries;
}

/** A name, or a reference to one: text of at most 253 printable characters. */
function readName(
  value: YamlValue | undefined,
  path: string,
  subject: string,
  problems: Problems,
  noun = "name",
): string | undefined {
  if (value === undefined || value === null || value === "") {
    problems.add(path, `${subject} has no ${noun}.`);
    return undefined;
  }
  if (typeof value !== "string") {
    problems.add(path, `${subject} has a ${noun} that is not text.`);
    return undefined;
  }
  if (value.length > 253 || /[\u0000-\u001F\u007F]/.test(value)) {
    problems.add(path, `${subject} has a ${noun} longer than 253 characters or with control characters.`);
    return undefined;
  }
  return value;
}

/** Names are a stranger's text: shown quoted and cut short, never trusted for layout. */
function quote(name: string): string {
  return `'${truncate(name)}'`;
}

function truncate(text: string, limit = 64): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Stage 4: a context, its cluster and its user, against the allowlist

type ContextVerdict = { normalized?: NormalizedKubeconfig; problems: readonly InputProblem[] };

function chooseContext(parsed: ParsedKubeconfig, requested?: string): NamedEntry {
  if (requested !== undefined) {
    const found = parsed.byName.contexts.get(requested);
    if (!found)
      refuseOne(
        KUBECONFIG_CONTEXT_OPTION_PATH,
        `The context ${quote(requested)} is not in this kubeconfig.`,
        "Pick one of the contexts it lists.",
      );
    return found;
  }
  if (parsed.currentContext !== undefined) {
    const found = parsed.byName.contexts.get(parsed.currentContext);
    if (!found)
      refuseOne(
        "current-context",
        `The kubeconfig's current-context names a context that is not in it (${quote(parsed.currentContext)}).`,
      );
    return found;
  }
  const [only, ...others] = parsed.contexts;
  if (only === undefined) refuseOne("contexts", "The kubeconfig lists no contexts.");
  if (others.length > 0)
    refuseOne(
      "current-context",
      `The kubeconfig has ${parsed.contexts.length} contexts and no current-context.`,
      "Choose the context to add.",
    );
  return only;
}

const contextVerdicts = new WeakMap<NamedEntry, ContextVerdict>();

function vetContext(parsed: ParsedKubeconfig, entry: NamedEntry): ContextVerdict {
  return once(contextVerdicts, entry, () => vetContextOnce(parsed, entry));
}

function vetContextOnce(parsed: ParsedKubeconfig, entry: NamedEntry): ContextVerdict {
  const problems = new Problems();
  const fields = readContextFields(entry, problems);
  const clusterEntry = fields.cluster === undefined ? undefined : parsed.byName.clusters.get(fields.cluster);
  const userEntry = fields.user === undefined ? undefined : parsed.byName.users.get(fields.user);
  if (fields.cluster !== undefined && !clusterEntry)
    problems.add(
      `${entry.path}.context.cluster`,
      `The context ${quote(entry.name)} uses the cluster ${quote(fields.cluster)}, which is not in this kubeconfig (cluster).`,
    );
  if (fields.user !== undefined && !userEntry)
    problems.add(
      `${entry.path}.context.user`,
      `The context ${quote(entry.name)} uses the user ${quote(fields.user)}, which is not in this kubeconfig (user).`,
    );
  const cluster = clusterEntry && vetCluster(clusterEntry);
  const user = userEntry && vetUser(userEntry);
  if (cluster) problems.addAll(cluster.problems);
  if (user && userEntry) problems.addAll(withCloudConnector(user.problems, userEntry, clusterEntry, cluster));
  return problems.empty && cluster?.fields && user?.credential
    ? {
        problems: [],
        normalized: Object.freeze({
          contextName: entry.name,
          clusterName: clusterEntry!.name,
          userName: userEntry!.name,
          ...cluster.fields,
          ...(fields.namespace !== undefined && { namespace: fields.namespace }),
          credential: Object.freeze(user.credential),
          serverPath: `${clusterEntry!.path}.cluster.server`,
        }),
      }
    : { problems: problems.list() };
}

/** Turn a refused `exec` into "use the cloud connector" when the command is a cloud's sign-in. */
function withCloudConnector(
  problems: readonly InputProblem[],
  userEntry: NamedEntry,
  clusterEntry: NamedEntry | undefined,
  cluster: ClusterVerdict | undefined,
): readonly InputProblem[] {
  const execPath = `${userEntry.path}.user.exec`;
  if (!problems.some((problem) => problem.path === execPath)) return problems;
  // Many contexts may pair the same user and cluster: work it out once per pair.
  const pairs = connectorProblems.get(userEntry) ?? new Map<NamedEntry | undefined, readonly InputProblem[]>();
  connectorProblems.set(userEntry, pairs);
  const known = pairs.get(clusterEntry);
  if (known) return known;
  const replaced = replaceExecProblem(problems, execPath, userEntry, clusterEntry, cluster);
  pairs.set(clusterEntry, replaced);
  return replaced;
}

const connectorProblems = new WeakMap<NamedEntry, Map<NamedEntry | undefined, readonly InputProblem[]>>();

function replaceExecProblem(
  problems: readonly InputProblem[],
  execPath: string,
  userEntry: NamedEntry,
  clusterEntry: NamedEntry | undefined,
  cluster: ClusterVerdict | undefined,
): readonly InputProblem[] {
  const detected = detectCloudConnector(
    { name: userEntry.name, body: userEntry.body },
    { name: clusterEntry?.name ?? "", ...(cluster?.fields && { server: cluster.fields.server }) },
  );
  if (!detected) return problems;
  const { connector, command } = detected;
  const cloud = CLOUD_CONNECTOR_NAMES[connector.type];
  const caData = cluster?.fields?.caData;
  const suggestion = caData === undefined ? connector : { ...connector, caData };
  return problems.map((problem) =>
    problem.path === execPath
      ? {
          path: execPath,
          message: `The user entry ${quote(userEntry.name)} signs in to ${cloud} by running a command (exec: ${command}); Pilothouse never runs commands from a kubeconfig.`,
          hint: `Add this cluster with the ${cloud} connector instead; it is filled in from this kubeconfig.`,
          connector: suggestion,
        }
      : problem,
  );
}

/** Metadata every entry body may carry; never read. */
const IGNORED_ENTRY_KEYS = new Set(["extensions"]);
const CONTEXT_KEYS = new Set(["cluster", "user", "namespace"]);

function readBody(entry: NamedEntry, bodyKey: string, subject: string, problems: Problems): YamlMap {
  if (entry.body === null) return Object.create(null) as YamlMap;
  if (isYamlMap(entry.body)) return entry.body;
  problems.add(`${entry.path}.${bodyKey}`, `${subject}'s ${bodyKey} section is not a mapping.`);
  return Object.create(null) as YamlMap;
}

function readContextFields(
  entry: NamedEntry,
  problems: Problems,
): { cluster?: string; user?: string; namespace?: string } {
  const subject = `The context ${quote(entry.name)}`;
  const path = `${entry.path}.context`;
  const body = readBody(entry, "context", subject, problems);
  for (const key of Object.keys(body)) {
    if (CONTEXT_KEYS.has(key) || IGNORED_ENTRY_KEYS.has(key)) continue;
    problems.add(
      childPath(path, key),
      `${subject} has a field Pilothouse does not recognise (${truncate(key)}).`,
      "Remove it. A context has cluster, user and namespace (extensions are ignored).",
    );
  }
  const cluster = readName(body.cluster, `${path}.cluster`, subject, problems, "cluster");
  const user = readName(body.user, `${path}.user`, subject, problems, "user");
  const namespace = optionalString(body.namespace, `${path}.namespace`, subject, "namespace", problems);
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    problems.add(
      `${path}.namespace`,
      `${subject} has a namespace that is not a Kubernetes namespace name (namespace).`,
      "Use lowercase letters, digits and -, at most 63 characters.",
    );
    return { cluster, user };
  }
  return { cluster, user, ...(namespace !== undefined && { namespace }) };
}

function optionalString(
  value: YamlValue | undefined,
  path: string,
  subject: string,
  field: string,
  problems: Problems,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") {
    problems.add(path, `${subject} has a ${field} that is not text (${field}).`);
    return undefined;
  }
  return value;
}

// --- Fields outside the allowlist ---------------------------------------------------------------

/** What the user can do about a refused field. */
const FLATTEN_HINT =
  "Run `kubectl config view --minify --flatten --context=<context>` and paste its output: it embeds the files' contents as *-data fields.";
const CREDENTIAL_HINT = "Use a token (for example a ServiceAccount token) or a client certificate instead.";

type Refusal = {
  readonly does: string;
  readonly why: string;
  readonly hint: string;
  /** How the field is named in the message when more than its key helps (`exec: aws`). */
  readonly field?: string;
};

const COMMAND: Refusal = {
  does: "runs a command",
  why: "Pilothouse never runs commands from a kubeconfig",
  hint: CREDENTIAL_HINT,
};
const FILE: Refusal = {
  does: "points to a file on your computer",
  why: "Pilothouse never reads files named in a kubeconfig",
  hint: FLATTEN_HINT,
};
const IMPERSONATION: Refusal = {
  does: "chooses whom to act as",
  why: "Pilothouse decides impersonation itself",
  hint: "Remove it. Pilothouse can act as each person on the cluster: a setting of the cluster once it is added.",
};

const CLUSTER_REFUSALS: Record<string, Refusal> = {
  "proxy-url": {
    does: "sends its traffic through a proxy",
    why: "Pilothouse never uses a proxy named in a kubeconfig",
    hint: "Remove proxy-url; Pilothouse connects to the server directly.",
  },
  "insecure-skip-tls-verify": {
    does: "turns off the check of the cluster's TLS certificate",
    why: "Pilothouse always verifies it",
    hint: "Remove insecure-skip-tls-verify and put the cluster's CA certificate in certificate-authority-data.",
  },
  "certificate-authority": FILE,
};

const USER_REFUSALS: Record<string, Refusal> = {
  exec: COMMAND,
  "auth-provider": {
    does: "uses an auth-provider plugin",
    why: "those run commands and refresh tokens elsewhere, and Pilothouse never runs them",
    hint: CREDENTIAL_HINT,
  },
  "token-file": { ...FILE, hint: "Put the token itself in token." },
  tokenFile: { ...FILE, hint: "Put the token itself in token." },
  "client-certificate": FILE,
  "client-key": FILE,
  username: {
    does: "signs in with a user name and password",
    why: "Pilothouse does not use basic-auth passwords",
    hint: CREDENTIAL_HINT,
  },
  password: {
    does: "signs in with a user name and password",
    why: "Pilothouse does not use basic-auth passwords",
    hint: CREDENTIAL_HINT,
  },
};

/** The specific reasons first, then by the field's name. */
function refusalFor(key: string, specific: Record<string, Refusal>): Refusal | undefined {
  if (Object.hasOwn(specific, key)) return specific[key];
  if (/^(as|impersonate)(-|$)/i.test(key)) return IMPERSONATION;
  if (/(-file|File|path|Path)$/.test(key) || /^path/i.test(key)) return FILE;
  return undefined;
}

function checkKeys(
  body: YamlMap,
  path: string,
  subject: string,
  allowed: ReadonlySet<string>,
  specific: Record<string, Refusal>,
  allowedSummary: string,
  problems: Problems,
) {
  for (const key of Object.keys(body)) {
    if (allowed.has(key) || IGNORED_ENTRY_KEYS.has(key)) continue;
    const field = truncate(key);
    const refusal = refusalFor(key, specific);
    if (refusal) {
      const named = refusal.field ?? field;
      problems.add(childPath(path, key), `${subject} ${refusal.does} (${named}); ${refusal.why}.`, refusal.hint);
    } else {
      problems.add(
        childPath(path, key),
        `${subject} has a field Pilothouse does not recognise (${field}).`,
        `Remove it. ${allowedSummary}`,
      );
    }
  }
}

// --- Clusters -------------------------------------------------------------------------------------

type ClusterFields = { server: string; caData?: string; tlsServerName?: string };
type ClusterVerdict = { fields?: ClusterFields; problems: readonly InputProblem[] };

/** Client-side preferences a cluster entry may carry; never read (docs/decisions/0041). */
const IGNORED_CLUSTER_KEYS = new Set(["disable-compression"]);
const CLUSTER_KEYS = new Set(["server", "certificate-authority-data", "tls-server-name", ...IGNORED_CLUSTER_KEYS]);
const clusterVerdicts = new WeakMap<NamedEntry, ClusterVerdict>();

function vetCluster(entry: NamedEntry): ClusterVerdict {
  return once(clusterVerdicts, entry, () => {
    const { problems, subject, path, body } = entryScope(entry, "cluster");
    checkKeys(body, path, subject, CLUSTER_KEYS, CLUSTER_REFUSALS, CLUSTER_SUMMARY, problems);
    const fields = readClusterFields(body, path, subject, problems);
    return problems.empty && fields ? { problems: [], fields } : { problems: problems.items };
  });
}

const CLUSTER_SUMMARY =
  "A cluster entry has server, certificate-authority-data and tls-server-name (extensions and disable-compression are ignored).";

function readClusterFields(
  body: YamlMap,
  path: string,
  subject: string,
  problems: Problems,
): ClusterFields | undefined {
  const server = readServer(body.server, `${path}.server`, subject, problems);
  const caPath = `${path}.certificate-authority-data`;
  const caPem = optionalPem(body["certificate-authority-data"], caPath, subject, "certificate", problems);
  const namePath = `${path}.tls-server-name`;
  const tlsServerName = optionalString(body["tls-server-name"], namePath, subject, "tls-server-name", problems);
  if (tlsServerName !== undefined && !isHostname(tlsServerName)) {
    problems.add(namePath, `${subject} has a tls-server-name that is not a DNS name (tls-server-name).`);
    return undefined;
  }
  if (server === undefined) return undefined;
  return {
    server,
    ...(caPem !== undefined && { caData: Buffer.from(caPem).toString("base64") }),
    ...(tlsServerName !== undefined && { tlsServerName }),
  };
}

/** Each entry is vetted at most once per parse, however many contexts use it. */
function once<V>(cache: WeakMap<NamedEntry, V>, entry: NamedEntry, vet: () => V): V {
  const known = cache.get(entry);
  if (known !== undefined) return known;
  const verdict = vet();
  cache.set(entry, verdict);
  return verdict;
}

/** What every entry check starts from: a problem list, the entry named in words, its path and body. */
function entryScope(entry: NamedEntry, kind: "cluster" | "user") {
  const problems = new Problems();
  const subject = `The ${kind} entry ${quote(entry.name)}`;
  return { problems, subject, path: `${entry.path}.${kind}`, body: readBody(entry, kind, subject, problems) };
}

function isHostname(value: string): boolean {
  return value.length <= 253 && /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/.test(value);
}

const SERVER_HINT = "Use the API server's https:// address, for example https://cluster.example.com:6443.";

function readServer(
  value: YamlValue | undefined,
  path: string,
  subject: string,
  problems: Problems,
): string | undefined {
  if (value === undefined || value === null || value === "") {
    problems.add(path, `${subject} has no server address (server).`, SERVER_HINT);
    return undefined;
  }
  if (typeof value !== "string" || value.length > 2048) {
    problems.add(path, `${subject} has a server address that is not a URL (server).`, SERVER_HINT);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.add(path, `${subject} has a server address that is not a URL (server).`, SERVER_HINT);
    return undefined;
  }
  // The value is never echoed: it may carry a password.
  const problem =
    url.protocol !== "https:"
      ? "does not use https:// (server); Pilothouse never sends credentials over plain HTTP"
      : url.username !== "" || url.password !== ""
        ? "holds a user name or password (server)"
        : url.search !== "" || url.hash !== "" || value.includes("?") || value.includes("#")
          ? "has a query or fragment (server)"
          : url.hostname === ""
            ? "names no host (server)"
            : undefined;
  if (problem) {
    problems.add(path, `${subject} has a server address that ${problem}.`, SERVER_HINT);
    return undefined;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

// --- Users ----------------------------------------------------------------------------------------

type UserVerdict = { credential?: KubeconfigCredential; problems: readonly InputProblem[] };

const USER_KEYS = new Set(["token", "client-certificate-data", "client-key-data"]);
const userVerdicts = new WeakMap<NamedEntry, UserVerdict>();

function vetUser(entry: NamedEntry): UserVerdict {
  return once(userVerdicts, entry, () => {
    const { problems, subject, path, body } = entryScope(entry, "user");
    checkKeys(body, path, subject, USER_KEYS, userRefusals(body), USER_SUMMARY, problems);
    const credential = readCredential(body, path, subject, problems);
    return problems.empty && credential ? { problems: [], credential } : { problems: problems.items };
  });
}

const USER_SUMMARY =
  "A user entry has token, or client-certificate-data with client-key-data (extensions are ignored).";

/** Messages name the command or plugin when it is a plain name (never the arguments: they may hold secrets). */
function userRefusals(body: YamlMap): Record<string, Refusal> {
  const program = execProgram(body);
  const provider = isYamlMap(body["auth-provider"]) ? body["auth-provider"].name : undefined;
  const plainProvider = typeof provider === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(provider) ? provider : undefined;
  return {
    ...USER_REFUSALS,
    ...(program !== undefined && { exec: { ...COMMAND, field: `exec: ${program}` } }),
    ...(plainProvider !== undefined && {
      "auth-provider": { ...USER_REFUSALS["auth-provider"]!, field: `auth-provider: ${plainProvider}` },
    }),
  };
}

function readCredential(
  body: YamlMap,
  path: string,
  subject: string,
  problems: Problems,
): KubeconfigCredential | undefined {
  const before = problems.items.length;
  const token = readToken(body.token, `${path}.token`, subject, problems);
  const certPem = optionalPem(
    body["client-certificate-data"],
    `${path}.client-certificate-data`,
    subject,
    "certificate",
    problems,
  );
  const keyPem = optionalPem(body["client-key-data"], `${path}.client-key-data`, subject, "private key", problems);
  if (problems.items.length > before) return undefined;
  // With both (as `az aks get-credentials --admin` writes), the API server authenticates the
  // certificate first, so the certificate is the identity; the token is dropped (decision 0041).
  if (certPem !== undefined || keyPem !== undefined)
    return readCertificatePair(certPem, keyPem, path, subject, problems);
  if (token !== undefined) return { type: "token", token };
  if (!hasRefusedCredential(body))
    problems.add(
      path,
      `${subject} has no credential Pilothouse can use.`,
      "Add a token, or client-certificate-data with client-key-data.",
    );
  return undefined;
}

/** A refused exec, plugin, file or password already says what is wrong; "no credential" would only repeat it. */
function hasRefusedCredential(body: YamlMap): boolean {
  return Object.keys(body).some((key) => {
    const refusal = refusalFor(key, USER_REFUSALS);
    return refusal !== undefined && refusal !== IMPERSONATION;
  });
}

function readCertificatePair(
  certPem: string | undefined,
  keyPem: string | undefined,
  path: string,
  subject: string,
  problems: Problems,
): KubeconfigCredential | undefined {
  if (certPem === undefined) {
    problems.add(
      `${path}.client-certificate-data`,
      `${subject} has a client key but no certificate (client-certificate-data).`,
      "Add the certificate as client-certificate-data (base64 of the PEM).",
    );
    return undefined;
  }
  if (keyPem === undefined) {
    problems.add(
      `${path}.client-key-data`,
      `${subject} has a client certificate but no key (client-key-data).`,
      "Add the private key as client-key-data (base64 of the PEM).",
    );
    return undefined;
  }
  if (!keyMatchesCertificate(certPem, keyPem)) {
    problems.add(
      `${path}.client-key-data`,
      `${subject} has a client key that does not belong to its certificate (client-key-data).`,
    );
    return undefined;
  }
  return {
    type: "clientCertificate",
    certData: Buffer.from(certPem).toString("base64"),
    keyData: Buffer.from(keyPem).toString("base64"),
  };
}

/** What `kubectl config view` prints instead of secrets unless given --raw or --flatten. */
const REDACTED_PLACEHOLDERS = new Set(["REDACTED", "DATA+OMITTED"]);
const PLACEHOLDER_HINT =
  "`kubectl config view` hides secrets unless asked: run `kubectl config view --raw --minify` and paste its output.";

function readToken(
  value: YamlValue | undefined,
  path: string,
  subject: string,
  problems: Problems,
): string | undefined {
  const token = optionalString(value, path, subject, "token", problems);
  if (token === undefined) return undefined;
  if (REDACTED_PLACEHOLDERS.has(token)) {
    problems.add(path, `${subject} has a placeholder instead of its token (${token}).`, PLACEHOLDER_HINT);
    return undefined;
  }
  // The token becomes an Authorization header: visible ASCII only, so nothing can split headers.
  if (!/^[\x21-\x7E]+$/.test(token)) {
    problems.add(
      path,
      `${subject} has a token with spaces, line breaks or other characters a token cannot hold (token).`,
    );
    return undefined;
  }
  return token;
}

// ---------------------------------------------------------------------------------------------
// base64 PEM fields

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1-----/g;

/** Decode a `*-data` field and check it is PEM of the expected kind; returns the PEM text. */
function optionalPem(
  value: YamlValue | undefined,
  path: string,
  subject: string,
  kind: "certificate" | "private key",
  problems: Problems,
): string | undefined {
  const field = path.slice(path.lastIndexOf(".") + 1);
  const encoded = optionalString(value, path, subject, field, problems);
  if (encoded === undefined) return undefined;
  const what =
    kind === "certificate"
      ? field === "certificate-authority-data"
        ? "CA certificate"
        : "client certificate"
      : "client key";
  if (REDACTED_PLACEHOLDERS.has(encoded)) {
    problems.add(path, `${subject} has a placeholder instead of its ${what} (${encoded}).`, PLACEHOLDER_HINT);
    return undefined;
  }
  const pem = decodeBase64Text(encoded);
  const problem =
    pem === undefined
      ? `is not base64 of PEM text`
      : kind === "certificate"
        ? certificateProblem(pem)
        : privateKeyProblem(pem);
  if (problem) {
    problems.add(
      path,
      `${subject} has a ${what} that ${problem} (${field}).`,
      `Put the base64 of the PEM ${kind} in ${field}.`,
    );
    return undefined;
  }
  return pem;
}

function decodeBase64Text(encoded: string): string | undefined {
  const compact = encoded.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const text = Buffer.from(compact, "base64").toString("latin1");
  return /^[\x09\x0A\x0D\x20-\x7E]*$/.test(text) ? text : undefined;
}

function pemBlocks(pem: string): { label: string; text: string }[] {
  return [...pem.matchAll(PEM_BLOCK)].map((match) => ({ label: match[1]!, text: match[0] }));
}

function certificateProblem(pem: string): string | undefined {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0 || blocks.some((block) => block.label !== "CERTIFICATE"))
    return "is not PEM certificates (-----BEGIN CERTIFICATE-----)";
  for (const block of blocks) {
    try {
      new X509Certificate(block.text);
    } catch {
      return "cannot be read";
    }
  }
  return undefined;
}

function privateKeyProblem(pem: string): string | undefined {
  if (pem.includes("ENCRYPTED")) return "is encrypted; Pilothouse needs it unencrypted";
  const blocks = pemBlocks(pem);
  const [block] = blocks;
  if (blocks.length !== 1 || !block || !/^((RSA|EC) )?PRIVATE KEY$/.test(block.label))
    return "is not one PEM private key (-----BEGIN PRIVATE KEY-----)";
  try {
    createPrivateKey(block.text);
  } catch {
    return "cannot be read";
  }
  return undefined;
}

function keyMatchesCertificate(certPem: string, keyPem: string): boolean {
  const [first] = pemBlocks(certPem);
  return first !== undefined && new X509Certificate(first.text).checkPrivateKey(createPrivateKey(keyPem));
}
