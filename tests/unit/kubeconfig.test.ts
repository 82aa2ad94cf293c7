/**
 * The hostile-kubeconfig suite (docs/security.md §1): every dangerous field is refused with 422 and
 * its exact path, and refusing it spawns nothing, reads no file and opens no connection.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { AppError } from "@/lib/errors";
import {
  ingestKubeconfig,
  KUBECONFIG_MAX_BYTES,
  listContexts,
  parseKubeconfig,
  sanitizeContext,
} from "@/lib/server/k8s/kubeconfig";

// Fixtures are read once, before any spy is installed.
const FIXTURES = path.resolve(__dirname, "../fixtures/kubeconfig");
const pem = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const b64 = (text: string) => Buffer.from(text).toString("base64");
const CA_PEM = pem("ca.crt");
const CA = b64(CA_PEM);
const CLIENT_CERT = b64(pem("client.crt"));
const CLIENT_KEY = b64(pem("client.key"));
const OTHER_KEY = b64(pem("other.key"));
const SERVER_CERT_PEM = pem("server.crt");
const TOKEN = "pilothouse-test-token.abcdef0123456789";

// The CommonJS module objects: what client-node (and anything else) actually calls through.
const require = createRequire(import.meta.url);
const childProcess = require("node:child_process") as typeof import("node:child_process");
const fs = require("node:fs") as typeof import("node:fs");
const net = require("node:net") as typeof import("node:net");
const tls = require("node:tls") as typeof import("node:tls");
const http = require("node:http") as typeof import("node:http");
const https = require("node:https") as typeof import("node:https");
const dns = require("node:dns") as typeof import("node:dns");

// --- Traps: real files, a real command target and a real listener that must stay untouched ---

let scratch: string;
let sentinel: string;
let pwned: string;
let trap: Server;
let trapPort: number;
let trapConnections = 0;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "pilothouse-kubeconfig-"));
  sentinel = path.join(scratch, "sentinel-token");
  pwned = path.join(scratch, "pwned");
  writeFileSync(sentinel, "stolen-from-disk");
  trap = createServer((socket) => {
    trapConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
  trapPort = (trap.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => trap.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

type Spy = ReturnType<typeof vi.spyOn>;

/** Every way to spawn, read a file or open a connection, made to throw and to record the call. */
function trapSideEffects(): { calls: () => { name: string; args: unknown[] }[]; restore: () => void } {
  const targets: [string, object, string[]][] = [
    ["child_process", childProcess, ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]],
    [
      "fs",
      fs,
      ["readFileSync", "readFile", "openSync", "open", "createReadStream", "existsSync", "statSync", "readdirSync"],
    ],
    ["fs.promises", fs.promises, ["readFile", "open", "stat"]],
    ["net", net, ["connect", "createConnection"]],
    ["tls", tls, ["connect"]],
    ["http", http, ["request", "get"]],
    ["https", https, ["request", "get"]],
    ["dns", dns, ["lookup", "resolve", "resolve4", "resolve6"]],
    ["dns.promises", dns.promises, ["lookup", "resolve"]],
  ];
  const spies: [string, Spy][] = targets.flatMap(([module, object, names]) =>
    names.map((name): [string, Spy] => {
      const spy = vi.spyOn(object as Record<string, (...args: unknown[]) => unknown>, name).mockImplementation(() => {
        throw new Error(`side effect attempted: ${module}.${name}`);
      });
      return [`${module}.${name}`, spy];
    }),
  );
  // mockRestore() forgets the recorded calls, so they are copied out first.
  const recorded = () =>
    spies.flatMap(([name, spy]) => spy.mock.calls.map((args: unknown[]) => ({ name, args: [...args] })));
  let afterRestore: { name: string; args: unknown[] }[] | undefined;
  return {
    calls: () => afterRestore ?? recorded(),
    restore: () => {
      afterRestore = recorded();
      spies.forEach(([, spy]) => spy.mockRestore());
    },
  };
}

/** Ingest with every side effect trapped; returns the AppError and the side effects seen. */
function ingestTrapped(input: string | Uint8Array, options?: { context?: string }) {
  const trapped = trapSideEffects();
  let error: unknown;
  try {
    ingestKubeconfig(input, options);
  } catch (caught) {
    error = caught;
  } finally {
    trapped.restore();
  }
  return { error, sideEffects: trapped.calls() };
}

function expectRefused(
  input: string | Uint8Array,
  expected: { path: string; message: RegExp | string },
  options?: { context?: string },
) {
  const { error, sideEffects } = ingestTrapped(input, options);
  expect(sideEffects).toEqual([]);
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, status: appError.status, path: appError.path }).toEqual({
    code: "INVALID_INPUT",
    status: 422,
    path: expected.path,
  });
  expect(appError.message).toMatch(expected.message);
  // Nothing secret is echoed back.
  expect(appError.message).not.toContain(TOKEN);
  expect(appError.message).not.toContain("stolen-from-disk");
  return appError;
}

// --- Kubeconfig builders ----------------------------------------------------------------------

type Parts = { cluster?: unknown; user?: unknown; context?: unknown; top?: Record<string, unknown> };

const goodCluster = () => ({ server: "https://cluster.example.com:6443", "certificate-authority-data": CA });
const goodUser = () => ({ token: TOKEN });
const goodContext = () => ({ cluster: "prod-cluster", user: "prod-user", namespace: "shop" });

function kubeconfig(parts: Parts = {}): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "prod",
    clusters: [{ name: "prod-cluster", cluster: "cluster" in parts ? parts.cluster : goodCluster() }],
    users: [{ name: "prod-user", user: "user" in parts ? parts.user : goodUser() }],
    contexts: [{ name: "prod", context: "context" in parts ? parts.context : goodContext() }],
    ...parts.top,
  });
}

const withUser = (extra: Record<string, unknown>) => kubeconfig({ user: { ...goodUser(), ...extra } });
const withCluster = (extra: Record<string, unknown>) => kubeconfig({ cluster: { ...goodCluster(), ...extra } });

const COMMANDS = /runs a command \(exec(: [\w.-]+)?\); Pilothouse never runs commands from a kubeconfig\./;
const FILES = /points to a file on your computer \([\w-]+\); Pilothouse never reads files named in a kubeconfig\./;

// ---------------------------------------------------------------------------------------------

describe("the side-effect trap itself", () => {
  it("catches client-node reading token-file while parsing (so a zero count means something)", () => {
    const hostile = kubeconfig({ user: { "token-file": sentinel } });
    const trapped = trapSideEffects();
    try {
      expect(() => new KubeConfig().loadFromString(hostile)).toThrow(/side effect attempted: fs.readFileSync/);
    } finally {
      trapped.restore();
    }
    expect(trapped.calls()).toContainEqual({ name: "fs.readFileSync", args: [sentinel] });
  });

  it("catches client-node running an auth-provider command on first use", async () => {
    // (client-node's ExecAuth keeps its own reference to spawn from load time; the gcp provider
    // looks execSync up per call. The exec case below therefore also checks the command's effect.)
    const hostile = kubeconfig({
      user: { "auth-provider": { name: "gcp", config: { "cmd-path": "/bin/sh", "cmd-args": `-c "touch ${pwned}"` } } },
    });
    const kc = new KubeConfig();
    kc.loadFromString(hostile);
    const trapped = trapSideEffects();
    try {
      await expect(kc.applyToFetchOptions({})).rejects.toThrow(/side effect attempted: child_process.execSync/);
    } finally {
      trapped.restore();
    }
    expect(trapped.calls().map((call) => call.name)).toContain("child_process.execSync");
    expect(existsSync(pwned)).toBe(false);
  });
});

describe("hostile kubeconfigs: commands", () => {
  it("refuses exec", () => {
    const hostile = withUser({
      exec: { apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: ["-c", `touch ${pwned}`] },
    });
    const error = expectRefused(hostile, { path: "users[0].user.exec", message: COMMANDS });
    // Plain words naming the entry, what to do, and the path as a detail; never the arguments.
    expect(error.problems).toEqual([
      {
        path: "users[0].user.exec",
        message:
          "The user entry 'prod-user' runs a command (exec: sh); Pilothouse never runs commands from a kubeconfig.",
        hint: "Use a token (for example a ServiceAccount token) or a client certificate instead.",
      },
    ]);
    expect(error.message).toBe(
      "The user entry 'prod-user' runs a command (exec: sh); Pilothouse never runs commands from a kubeconfig. Use a token (for example a ServiceAccount token) or a client certificate instead.",
    );
    expect(error.message).not.toContain(pwned);
    expect(existsSync(pwned)).toBe(false);
  });

  it.each([
    ["gcp", { "cmd-path": "/bin/sh", "cmd-args": `-c "touch ${pwned}"`, "token-key": "{.access_token}" }],
    ["azure", { "cmd-path": "/bin/sh", "cmd-args": `-c "touch ${pwned}"`, "apiserver-id": "x", "tenant-id": "y" }],
    [
      "oidc",
      { "idp-issuer-url": `http://127.0.0.1:0/`, "client-id": "k", "refresh-token": "r", "id-token": "e30.e30.x" },
    ],
    ["azure-keyless", {}],
  ])("refuses auth-provider %s", (name, config) => {
    const issuer = name === "oidc" ? { ...config, "idp-issuer-url": `http://127.0.0.1:${trapPort}/` } : config;
    const hostile = kubeconfig({ user: { "auth-provider": { name, config: issuer } } });
    expectRefused(hostile, {
      path: "users[0].user.auth-provider",
      message: new RegExp(
        `^The user entry 'prod-user' uses an auth-provider plugin \\(auth-provider: ${name}\\); those run commands and refresh tokens elsewhere, and Pilothouse never runs them\\.`,
      ),
    });
    expect(existsSync(pwned)).toBe(false);
    expect(trapConnections).toBe(0);
  });
});

describe("hostile kubeconfigs: files", () => {
  it.each([
    ["users[0].user.token-file", { user: { "token-file": "SENTINEL" } }],
    ["users[0].user.tokenFile", { user: { tokenFile: "SENTINEL" } }],
    ["users[0].user.client-certificate", { user: { "client-certificate": "SENTINEL", "client-key-data": CLIENT_KEY } }],
    ["users[0].user.client-key", { user: { "client-certificate-data": CLIENT_CERT, "client-key": "SENTINEL" } }],
    [
      "clusters[0].cluster.certificate-authority",
      { cluster: { server: "https://cluster.example.com", "certificate-authority": "SENTINEL" } },
    ],
    ["users[0].user.credentials-file", { user: { token: TOKEN, "credentials-file": "SENTINEL" } }],
    ["clusters[0].cluster.ca-path", { cluster: { ...goodCluster(), "ca-path": "SENTINEL" } }],
  ])("refuses %s without reading the file", (fieldPath, parts) => {
    const hostile = kubeconfig(parts).replaceAll("SENTINEL", sentinel);
    expectRefused(hostile, { path: fieldPath, message: FILES });
  });

  it("names the entry and the field in words, with what to do, and the path as a detail", () => {
    const error = expectRefused(withUser({ "token-file": sentinel }), {
      path: "users[0].user.token-file",
      message: FILES,
    });
    expect(error.problems).toEqual([
      {
        path: "users[0].user.token-file",
        message:
          "The user entry 'prod-user' points to a file on your computer (token-file); Pilothouse never reads files named in a kubeconfig.",
        hint: "Put the token itself in token.",
      },
    ]);
    expect(error.message).not.toContain(sentinel);
  });

  it("tells how to embed the files when certificates are paths", () => {
    const error = expectRefused(
      kubeconfig({
        cluster: { server: "https://cluster.example.com", "certificate-authority": "SENTINEL" },
        user: { "client-certificate": "SENTINEL", "client-key": "SENTINEL" },
      }),
      { path: "clusters[0].cluster.certificate-authority", message: FILES },
    );
    expect(error.problems?.map((problem) => [problem.path, problem.hint])).toEqual(
      ["clusters[0].cluster.certificate-authority", "users[0].user.client-certificate", "users[0].user.client-key"].map(
        (path) => [
          path,
          "Run `kubectl config view --minify --flatten --context=<context>` and paste its output: it embeds the files' contents as *-data fields.",
        ],
      ),
    );
  });
});

describe("hostile kubeconfigs: where traffic goes and how it is trusted", () => {
  it("refuses proxy-url without connecting to the proxy", () => {
    const hostile = withCluster({ "proxy-url": `http://127.0.0.1:${trapPort}` });
    expectRefused(hostile, {
      path: "clusters[0].cluster.proxy-url",
      message:
        "The cluster entry 'prod-cluster' sends its traffic through a proxy (proxy-url); Pilothouse never uses a proxy named in a kubeconfig. Remove proxy-url; Pilothouse connects to the server directly.",
    });
    expect(trapConnections).toBe(0);
  });

  it.each([true, false])("refuses insecure-skip-tls-verify: %s", (value) => {
    expectRefused(withCluster({ "insecure-skip-tls-verify": value }), {
      path: "clusters[0].cluster.insecure-skip-tls-verify",
      message:
        /^The cluster entry 'prod-cluster' turns off the check of the cluster's TLS certificate \(insecure-skip-tls-verify\); Pilothouse always verifies it\. Remove insecure-skip-tls-verify and put the cluster's CA certificate in certificate-authority-data\.$/,
    });
  });

  it.each([`http://127.0.0.1:TRAP`, "ftp://cluster.example.com", "cluster.example.com:6443", "//cluster.example.com"])(
    "refuses the server %s",
    (server) => {
      expectRefused(kubeconfig({ cluster: { server: server.replace("TRAP", String(trapPort)) } }), {
        path: "clusters[0].cluster.server",
        message:
          /^The cluster entry 'prod-cluster' has a server address that (does not use https:\/\/ \(server\); Pilothouse never sends credentials over plain HTTP|is not a URL \(server\))\. Use the API server's https:\/\/ address/,
      });
      expect(trapConnections).toBe(0);
    },
  );

  it.each([
    ["https://admin:hunter2@cluster.example.com", /has a server address that holds a user name or password \(server\)/],
    ["https://cluster.example.com/?token=abc", /has a server address that has a query or fragment \(server\)/],
    ["https://cluster.example.com/#frag", /has a server address that has a query or fragment \(server\)/],
  ])("refuses the server %s", (server, message) => {
    const error = expectRefused(kubeconfig({ cluster: { server } }), { path: "clusters[0].cluster.server", message });
    expect(error.message).not.toContain("hunter2");
  });

  it("refuses a cluster field it does not know, saying which fields a cluster entry has", () => {
    expectRefused(withCluster({ "server-override": "https://elsewhere.example.com" }), {
      path: "clusters[0].cluster.server-override",
      message:
        "The cluster entry 'prod-cluster' has a field Pilothouse does not recognise (server-override). Remove it. A cluster entry has server, certificate-authority-data and tls-server-name (extensions and disable-compression are ignored).",
    });
  });
});

describe("hostile kubeconfigs: identity", () => {
  it.each(["as", "as-groups", "as-uid", "as-user-extra", "impersonate", "impersonate-groups"])(
    "refuses %s",
    (field) => {
      const value =
        field === "as" || field === "as-uid" || field === "impersonate" ? "system:admin" : ["system:masters"];
      expectRefused(withUser({ [field]: value }), {
        path: `users[0].user.${field}`,
        message: new RegExp(
          `^The user entry 'prod-user' chooses whom to act as \\(${field}\\); Pilothouse decides impersonation itself\\.`,
        ),
      });
    },
  );

  it.each(["username", "password"])("refuses basic auth (%s)", (field) => {
    expectRefused(kubeconfig({ user: { [field]: "admin" } }), {
      path: `users[0].user.${field}`,
      message: new RegExp(
        `^The user entry 'prod-user' signs in with a user name and password \\(${field}\\); Pilothouse does not use basic-auth passwords\\.`,
      ),
    });
  });

  it("uses the client certificate when a user also has a token (as `az aks get-credentials --admin` writes), dropping the token", () => {
    const normalized = ingestKubeconfig(
      withUser({ "client-certificate-data": CLIENT_CERT, "client-key-data": CLIENT_KEY }),
    );
    expect(normalized.credential).toEqual({ type: "clientCertificate", certData: CLIENT_CERT, keyData: CLIENT_KEY });
    expect(JSON.stringify(normalized)).not.toContain(TOKEN);
  });

  it("refuses a client key that does not belong to the certificate", () => {
    expectRefused(kubeconfig({ user: { "client-certificate-data": CLIENT_CERT, "client-key-data": OTHER_KEY } }), {
      path: "users[0].user.client-key-data",
      message: "The user entry 'prod-user' has a client key that does not belong to its certificate (client-key-data).",
    });
  });

  it.each([
    [
      "a token with a newline",
      { token: "abc\r\nX-Injected: 1" },
      "users[0].user.token",
      /has a token with spaces, line breaks or other characters a token cannot hold \(token\)/,
    ],
    ["a numeric token", { token: 12345 }, "users[0].user.token", /has a token that is not text \(token\)/],
    [
      "base64 that is not base64",
      { "client-certificate-data": "not base64!", "client-key-data": CLIENT_KEY },
      "users[0].user.client-certificate-data",
      /has a client certificate that is not base64 of PEM text \(client-certificate-data\)/,
    ],
    [
      "base64 that is not PEM",
      { "client-certificate-data": b64("hello"), "client-key-data": CLIENT_KEY },
      "users[0].user.client-certificate-data",
      /has a client certificate that is not PEM certificates/,
    ],
    [
      "a certificate where the key belongs",
      { "client-certificate-data": CLIENT_CERT, "client-key-data": CLIENT_CERT },
      "users[0].user.client-key-data",
      /has a client key that is not one PEM private key/,
    ],
    [
      "an encrypted key",
      {
        "client-certificate-data": CLIENT_CERT,
        "client-key-data": b64("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"),
      },
      "users[0].user.client-key-data",
      /has a client key that is encrypted; Pilothouse needs it unencrypted/,
    ],
    [
      "a broken certificate",
      {
        "client-certificate-data": b64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
        "client-key-data": CLIENT_KEY,
      },
      "users[0].user.client-certificate-data",
      /has a client certificate that cannot be read \(client-certificate-data\)/,
    ],
  ])("refuses %s", (_label, user, fieldPath, message) => {
    expectRefused(kubeconfig({ user }), { path: fieldPath, message });
  });

  it("refuses a CA that is not a certificate", () => {
    expectRefused(withCluster({ "certificate-authority-data": CLIENT_KEY }), {
      path: "clusters[0].cluster.certificate-authority-data",
      message: /^The cluster entry 'prod-cluster' has a CA certificate that is not PEM certificates/,
    });
  });
});

describe("hostile kubeconfigs: YAML", () => {
  it("refuses an alias bomb at the first anchor, before anything expands", () => {
    const levels = Array.from({ length: 9 }, (_, i) =>
      i === 0
        ? `  l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`
        : `  l${i}: &l${i} [${Array(9)
            .fill(`*l${i - 1}`)
            .join(",")}]`,
    );
    const bomb = `${kubeconfig()}preferences:\n${levels.join("\n")}\n`;
    expect(Buffer.byteLength(bomb)).toBeLessThan(KUBECONFIG_MAX_BYTES);
    expectRefused(bomb, {
      path: "preferences.l0",
      message: /preferences\.l0 has a YAML anchor \(&\); anchors and aliases are not allowed/,
    });
  });

  it("refuses an alias that reuses a real entry", () => {
    const text = kubeconfig().replace(`token: ${TOKEN}`, `token: &t ${TOKEN}`).concat("extra: *t\n");
    expectRefused(text, { path: "users[0].user.token", message: /users\[0\]\.user\.token has a YAML anchor/ });
  });

  it("refuses an alias without an anchor", () => {
    expectRefused(`${kubeconfig()}extra: *nowhere\n`, { path: "extra", message: /^extra uses a YAML alias/ });
  });

  it("refuses deep nesting with the path where it went too deep", () => {
    const nested = Array.from({ length: 30 }, (_, i) => `${"  ".repeat(i + 1)}x:`).join("\n");
    const error = expectRefused(`${kubeconfig()}preferences:\n${nested} 1\n`, {
      path: `preferences${".x".repeat(20)}`,
      message: /is nested deeper than 20 levels/,
    });
    expect(error.message.startsWith(error.path!)).toBe(true);
  });

  it("refuses pathological flow nesting before the YAML composer recurses", () => {
    const depth = 1_500;
    expectRefused(`${kubeconfig()}preferences: ${"[".repeat(depth)}${"]".repeat(depth)}\n`, {
      path: "kubeconfig",
      message: /nested deeper than 20 levels/,
    });
  });

  it("refuses more brackets than any kubeconfig has before parsing at all", () => {
    const depth = 30_000;
    expectRefused(`${kubeconfig()}preferences: ${"[".repeat(depth)}${"]".repeat(depth)}\n`, {
      path: "kubeconfig",
      message: /has more lines, list items and brackets \(\d+\) than a kubeconfig needs \(at most 2048\)/,
    });
  });

  it("refuses more than one document", () => {
    expectRefused(`${kubeconfig()}---\n${kubeconfig()}`, { path: "kubeconfig", message: /exactly one YAML document/ });
    expectRefused(`${kubeconfig()}---\n`, { path: "kubeconfig", message: /exactly one YAML document/ });
  });

  it.each([
    ["!!binary", "users[0].user.token", "!!binary aGVsbG8="],
    ["a custom tag", "users[0].user.token", "!foo bar"],
    ["!!str", "users[0].user.token", `!!str ${TOKEN}`],
  ])("refuses %s", (_label, fieldPath, tagged) => {
    const text = kubeconfig().replace(`token: ${TOKEN}`, `token: ${tagged}`);
    expectRefused(text, {
      path: fieldPath,
      message: `${fieldPath} has a YAML tag; tags such as !!binary are not allowed in a kubeconfig`,
    });
  });

  it("refuses YAML directives", () => {
    expectRefused(`%YAML 1.1\n---\n${kubeconfig()}`, { path: "kubeconfig", message: /directives/ });
    expectRefused(`%TAG !k! tag:example.com,2000:\n---\n${kubeconfig()}`, {
      path: "kubeconfig",
      message: /directives/,
    });
  });

  it("refuses duplicate keys at the repeated key, with its line", () => {
    const text = `${kubeconfig()}kind: Config\n`;
    const line = text.split("\n").length - 1;
    expectRefused(text, {
      path: "kind",
      message: `kind appears twice; each key may appear only once (line ${line}, column 1)`,
    });
    expectRefused(kubeconfig().replace(/^( +)token: (.*)$/m, "$1token: $2\n$1token: other"), {
      path: "users[0].user.token",
      message: /^users\[0\]\.user\.token appears twice/,
    });
  });

  it("refuses non-string keys and a __proto__ key", () => {
    expectRefused(`${kubeconfig()}? [a, b]\n: c\n`, { path: "kubeconfig", message: /has a key that is not a string/ });
    const proto = JSON.parse(`{"__proto__": {"polluted": true}, "token": "${TOKEN}"}`) as Record<string, unknown>;
    expectRefused(kubeconfig({ user: proto }), {
      path: "users[0].user.__proto__",
      message:
        "The user entry 'prod-user' has a field Pilothouse does not recognise (__proto__). Remove it. A user entry has token, or client-certificate-data with client-key-data (extensions are ignored).",
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses more than 64 KiB, as text or bytes", () => {
    const big = `${kubeconfig()}# ${"x".repeat(KUBECONFIG_MAX_BYTES)}\n`;
    expectRefused(big, { path: "kubeconfig", message: "the kubeconfig is larger than 64 KiB" });
    expectRefused(Buffer.from(big), { path: "kubeconfig", message: "the kubeconfig is larger than 64 KiB" });
    // Bytes, not characters: 22,000 three-byte characters are 66,000 bytes.
    expectRefused(`${kubeconfig()}# ${"€".repeat(22_000)}\n`, { path: "kubeconfig", message: /larger than 64 KiB/ });
  });

  it.each([
    [
      "PNG bytes",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]),
      /not valid UTF-8/,
    ],
    ["a lossily decoded binary", Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0xff]).toString("utf8"), /not valid UTF-8/],
    ["a NUL byte", `${kubeconfig()}\u0000\u0000`, /contains a NUL byte \(line \d+, column 1\)/],
    ["an escape character", `apiVersion: v1\u001b[31m\n`, /control character U\+001B/],
    ["a lone surrogate", `apiVersion: v1\n# \uD800\n`, /not valid UTF-8/],
    ["nothing", "", /empty/],
    ["only comments", "# nothing here\n\n", /empty/],
    ["a list instead of a mapping", "- a\n- b\n", /must be a YAML mapping/],
    ["a bare string", "hello", /must be a YAML mapping/],
  ])("refuses %s", (_label, input, message) => {
    expectRefused(input, { path: "kubeconfig", message });
  });
});

describe("hostile kubeconfigs: shape and missing fields", () => {
  const base = () => ({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "prod",
    clusters: [{ name: "prod-cluster", cluster: goodCluster() }],
    users: [{ name: "prod-user", user: goodUser() }],
    contexts: [{ name: "prod", context: goodContext() }],
  });
  const without = (key: keyof ReturnType<typeof base>) => {
    const doc: Record<string, unknown> = base();
    delete doc[key];
    return stringify(doc);
  };

  it.each([
    [
      "clusters",
      without("clusters"),
      "clusters",
      "The kubeconfig has no clusters list. Add clusters, as kubectl writes it.",
    ],
    ["users", without("users"), "users", "The kubeconfig has no users list. Add users, as kubectl writes it."],
    [
      "contexts",
      without("contexts"),
      "contexts",
      "The kubeconfig has no contexts list. Add contexts, as kubectl writes it.",
    ],
    [
      "the server",
      kubeconfig({ cluster: { "certificate-authority-data": CA } }),
      "clusters[0].cluster.server",
      "The cluster entry 'prod-cluster' has no server address (server). Use the API server's https:// address, for example https://cluster.example.com:6443.",
    ],
    [
      "the cluster body",
      kubeconfig({ cluster: null }),
      "clusters[0].cluster.server",
      "The cluster entry 'prod-cluster' has no server address (server). Use the API server's https:// address, for example https://cluster.example.com:6443.",
    ],
    [
      "any credential",
      kubeconfig({ user: {} }),
      "users[0].user",
      "The user entry 'prod-user' has no credential Pilothouse can use. Add a token, or client-certificate-data with client-key-data.",
    ],
    [
      "the client key",
      kubeconfig({ user: { "client-certificate-data": CLIENT_CERT } }),
      "users[0].user.client-key-data",
      "The user entry 'prod-user' has a client certificate but no key (client-key-data). Add the private key as client-key-data (base64 of the PEM).",
    ],
    [
      "the client certificate",
      kubeconfig({ user: { "client-key-data": CLIENT_KEY } }),
      "users[0].user.client-certificate-data",
      "The user entry 'prod-user' has a client key but no certificate (client-certificate-data). Add the certificate as client-certificate-data (base64 of the PEM).",
    ],
    [
      "the context's user",
      kubeconfig({ context: { cluster: "prod-cluster" } }),
      "contexts[0].context.user",
      "The context 'prod' has no user.",
    ],
    [
      "a context's name",
      stringify({ ...base(), contexts: [{ context: goodContext() }] }),
      "contexts[0].name",
      "Entry 1 of contexts has no name.",
    ],
    [
      "a user entry's body",
      stringify({ ...base(), users: [{ name: "prod-user" }] }),
      "users[0].user",
      "The user entry 'prod-user' has no user section.",
    ],
  ])("refuses a missing %s", (_label, text, fieldPath, message) => {
    expectRefused(text, { path: fieldPath, message });
  });

  it.each([
    [
      "a top-level field",
      stringify({ ...base(), "proxy-url": "http://proxy.example.com" }),
      "proxy-url",
      "The kubeconfig has a top-level field Pilothouse does not recognise (proxy-url). Remove it. A kubeconfig has apiVersion, kind, clusters, users, contexts and current-context (preferences and extensions are ignored).",
    ],
    [
      "a field on a list entry",
      stringify({ ...base(), users: [{ name: "prod-user", user: goodUser(), extensions: [] }] }),
      "users[0].extensions",
      "Entry 1 of users has a field Pilothouse does not recognise (extensions). An entry of users has only name and user.",
    ],
    [
      "a context field",
      kubeconfig({ context: { ...goodContext(), "proxy-url": "http://proxy.example.com" } }),
      "contexts[0].context.proxy-url",
      "The context 'prod' has a field Pilothouse does not recognise (proxy-url). Remove it. A context has cluster, user and namespace (extensions are ignored).",
    ],
    ["a wrong kind", stringify({ ...base(), kind: "Pod" }), "kind", "The kubeconfig's kind must be Config."],
    [
      "a wrong apiVersion",
      stringify({ ...base(), apiVersion: "v2" }),
      "apiVersion",
      "The kubeconfig's apiVersion must be v1.",
    ],
    [
      "clusters that are not a list",
      stringify({ ...base(), clusters: { a: 1 } }),
      "clusters",
      "The kubeconfig's clusters is not a list.",
    ],
    [
      "a bad namespace",
      kubeconfig({ context: { ...goodContext(), namespace: "Not_A_Namespace" } }),
      "contexts[0].context.namespace",
      "The context 'prod' has a namespace that is not a Kubernetes namespace name (namespace). Use lowercase letters, digits and -, at most 63 characters.",
    ],
    [
      "a bad tls-server-name",
      withCluster({ "tls-server-name": "not a host" }),
      "clusters[0].cluster.tls-server-name",
      "The cluster entry 'prod-cluster' has a tls-server-name that is not a DNS name (tls-server-name).",
    ],
    [
      "a duplicate user name",
      stringify({
        ...base(),
        users: [
          { name: "prod-user", user: goodUser() },
          { name: "prod-user", user: goodUser() },
        ],
      }),
      "users[1].name",
      "The user entry 'prod-user' appears twice in users; names must be unique.",
    ],
    [
      "a context naming a missing cluster",
      kubeconfig({ context: { ...goodContext(), cluster: "gone" } }),
      "contexts[0].context.cluster",
      "The context 'prod' uses the cluster 'gone', which is not in this kubeconfig (cluster).",
    ],
    [
      "a current-context that does not exist",
      stringify({ ...base(), "current-context": "gone" }),
      "current-context",
      "The kubeconfig's current-context names a context that is not in it ('gone').",
    ],
    [
      "a long key, shown truncated",
      stringify({ ...base(), ["k".repeat(200)]: 1 }),
      `[${JSON.stringify(`${"k".repeat(64)}…`)}]`,
      /^The kubeconfig has a top-level field Pilothouse does not recognise \(k{64}…\)/,
    ],
  ])("refuses %s", (_label, text, fieldPath, message) => {
    expectRefused(text, { path: fieldPath, message });
  });

  it("asks for a choice when there are several contexts and no current-context", () => {
    const doc = {
      ...base(),
      contexts: [
        { name: "a", context: goodContext() },
        { name: "b", context: goodContext() },
      ],
    } as Record<string, unknown>;
    delete doc["current-context"];
    expectRefused(stringify(doc), {
      path: "current-context",
      message: "The kubeconfig has 2 contexts and no current-context. Choose the context to add.",
    });
  });

  it("refuses a requested context that is not there", () => {
    expectRefused(
      kubeconfig(),
      {
        path: "context",
        message: "The context 'staging' is not in this kubeconfig. Pick one of the contexts it lists.",
      },
      { context: "staging" },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("accepted kubeconfigs", () => {
  it("normalizes a token kubeconfig, with no side effects", () => {
    const trapped = trapSideEffects();
    let normalized;
    try {
      normalized = ingestKubeconfig(
        kubeconfig({ cluster: { ...goodCluster(), server: "https://Cluster.Example.com:6443/" } }),
      );
    } finally {
      trapped.restore();
    }
    expect(trapped.calls()).toEqual([]);
    expect(normalized).toEqual({
      contextName: "prod",
      clusterName: "prod-cluster",
      userName: "prod-user",
      server: "https://cluster.example.com:6443",
      caData: CA,
      namespace: "shop",
      credential: { type: "token", token: TOKEN },
      serverPath: "clusters[0].cluster.server",
    });
    expect(Object.isFrozen(normalized)).toBe(true);
  });

  it("normalizes a client-certificate kubeconfig as kind writes it", () => {
    const text = [
      "apiVersion: v1",
      "clusters:",
      "- cluster:",
      `    certificate-authority-data: ${CA}`,
      "    server: https://127.0.0.1:39461",
      "    tls-server-name: kubernetes",
      "  name: kind-dev",
      "contexts:",
      "- context:",
      "    cluster: kind-dev",
      "    user: kind-dev",
      "  name: kind-dev",
      "current-context: kind-dev",
      "kind: Config",
      "preferences: {}",
      "users:",
      "- name: kind-dev",
      "  user:",
      `    client-certificate-data: ${CLIENT_CERT}`,
      `    client-key-data: ${CLIENT_KEY}`,
      "",
    ].join("\n");
    expect(ingestKubeconfig(text)).toEqual({
      contextName: "kind-dev",
      clusterName: "kind-dev",
      userName: "kind-dev",
      server: "https://127.0.0.1:39461",
      caData: CA,
      tlsServerName: "kubernetes",
      credential: { type: "clientCertificate", certData: CLIENT_CERT, keyData: CLIENT_KEY },
      serverPath: "clusters[0].cluster.server",
    });
  });

  it("accepts a CA bundle, base64 split over lines, and a server with a base path", () => {
    const bundle = b64(`${CA_PEM}${SERVER_CERT_PEM}`);
    const wrapped = bundle.replace(/(.{76})/g, "$1\n");
    const text = kubeconfig({
      cluster: { server: "https://rancher.example.com/k8s/clusters/c-1/", "certificate-authority-data": wrapped },
    });
    const normalized = ingestKubeconfig(text);
    expect(normalized.server).toBe("https://rancher.example.com/k8s/clusters/c-1");
    expect(normalized.caData).toBe(bundle);
  });

  it("vets only the chosen context, and lists which contexts are usable", () => {
    const text = stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "safe",
      clusters: [{ name: "c", cluster: goodCluster() }],
      users: [
        { name: "gke", user: { exec: { command: "gke-gcloud-auth-plugin" } } },
        { name: "plain", user: goodUser() },
      ],
      contexts: [
        { name: "cloud", context: { cluster: "c", user: "gke" } },
        { name: "safe", context: { cluster: "c", user: "plain" } },
      ],
    });
    const parsed = parseKubeconfig(text);
    expect(listContexts(parsed)).toEqual([
      {
        name: "cloud",
        current: false,
        problems: [
          {
            path: "users[0].user.exec",
            message:
              "The user entry 'gke' signs in to Google GKE by running a command (exec: gke-gcloud-auth-plugin); Pilothouse never runs commands from a kubeconfig.",
            hint: "Add this cluster with the Google GKE connector instead; it is filled in from this kubeconfig.",
            connector: { type: "gke", server: "https://cluster.example.com:6443", caData: CA },
          },
        ],
      },
      { name: "safe", current: true, server: "https://cluster.example.com:6443" },
    ]);
    expect(sanitizeContext(parsed).credential).toEqual({ type: "token", token: TOKEN });
    expectRefused(text, { path: "users[0].user.exec", message: /by running a command/ }, { context: "cloud" });
  });

  it("picks the only context when there is no current-context", () => {
    const text = kubeconfig().replace("current-context: prod\n", "");
    expect(ingestKubeconfig(text).contextName).toBe("prod");
  });
});

describe("several problems", () => {
  it("lists every problem of the chosen context, each at its path, and points at the first", () => {
    const hostile = kubeconfig({
      cluster: { ...goodCluster(), "proxy-url": `http://127.0.0.1:${trapPort}`, "insecure-skip-tls-verify": true },
      user: { exec: { command: "/bin/sh", args: ["-c", `touch ${pwned}`] }, "as-groups": ["system:masters"] },
      context: { ...goodContext(), namespace: "Not_A_Namespace" },
    });
    const error = expectRefused(hostile, {
      path: "contexts[0].context.namespace",
      message: /\(and 4 more problems\)$/,
    });
    expect(error.problems?.map((problem) => problem.path)).toEqual([
      "contexts[0].context.namespace",
      "clusters[0].cluster.proxy-url",
      "clusters[0].cluster.insecure-skip-tls-verify",
      "users[0].user.exec",
      "users[0].user.as-groups",
    ]);
    for (const problem of error.problems ?? []) {
      expect(problem.message).toMatch(/^The (context 'prod'|cluster entry 'prod-cluster'|user entry 'prod-user') /);
      expect(problem.hint).toBeTruthy();
    }
    expect(trapConnections).toBe(0);
    expect(existsSync(pwned)).toBe(false);
  });

  it("lists every problem of the file's outer shape at once", () => {
    const text = stringify({
      apiVersion: "v2",
      kind: "Config",
      clusters: [{ name: "a", cluster: goodCluster(), extra: 1 }],
      users: "not a list",
      contexts: [{ name: "a", context: goodContext() }],
      "proxy-url": "http://proxy.example.com",
    });
    const error = expectRefused(text, { path: "proxy-url", message: /^The kubeconfig has a top-level field/ });
    expect(error.problems?.map((problem) => problem.path)).toEqual([
      "proxy-url",
      "apiVersion",
      "clusters[0].extra",
      "users",
    ]);
  });

  it("reports at most 50 problems and counts the rest", () => {
    const users = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`as-${i}`, "x"]));
    const error = expectRefused(kubeconfig({ user: { ...goodUser(), ...users } }), {
      path: "users[0].user.as-0",
      message: /chooses whom to act as/,
    });
    expect(error.problems).toHaveLength(51);
    expect(error.problems?.at(-1)).toEqual({
      path: "kubeconfig",
      message: "…and 30 more problems in this kubeconfig.",
    });
  });
});

describe("metadata and client-side preferences", () => {
  it("accepts and ignores extensions, preferences and disable-compression, which never change where traffic goes", () => {
    // A fresh object each time: stringify() would write a shared one as an anchor and aliases.
    const extension = () => [{ name: "example.com/owner", extension: { team: "platform", nested: { any: [1, 2] } } }];
    const decorated = stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "prod",
      preferences: { colors: true, extensions: extension() },
      extensions: extension(),
      clusters: [
        { name: "prod-cluster", cluster: { ...goodCluster(), extensions: extension(), "disable-compression": true } },
      ],
      users: [{ name: "prod-user", user: { ...goodUser(), extensions: extension() } }],
      contexts: [{ name: "prod", context: { ...goodContext(), extensions: extension() } }],
    });
    expect(ingestKubeconfig(decorated)).toEqual(ingestKubeconfig(kubeconfig()));
  });

  it("still refuses what hides inside metadata when it is not plain data (anchors, depth)", () => {
    expectRefused(`${kubeconfig()}extensions:\n- name: a\n  extension: &x {a: 1}\n`, {
      path: "extensions[0].extension",
      message: /has a YAML anchor/,
    });
  });
});

describe("placeholders from `kubectl config view`", () => {
  it.each([
    ["token", withUser({ token: "REDACTED" }), "users[0].user.token", "REDACTED"],
    [
      "CA",
      withCluster({ "certificate-authority-data": "DATA+OMITTED" }),
      "clusters[0].cluster.certificate-authority-data",
      "DATA+OMITTED",
    ],
  ])("says the %s is a placeholder and how to get the real value", (_label, text, fieldPath, placeholder) => {
    const error = expectRefused(text, {
      path: fieldPath,
      message: new RegExp(`placeholder instead of .*\\(${placeholder.replace("+", "\\+")}\\)`),
    });
    expect(error.problems?.[0]?.hint).toBe(
      "`kubectl config view` hides secrets unless asked: run `kubectl config view --raw --minify` and paste its output.",
    );
  });
});
