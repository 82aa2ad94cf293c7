/**
 * Outbound policy for cluster addresses (docs/security.md §1): a stubbed resolver decides what names
 * resolve to; real loopback servers show where connections actually land.
 */
import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { DEFAULT_MAX_RESPONSE_BYTES, openStream, requestJson } from "@/lib/server/k8s/http-guard";
import {
  canonicalCidr,
  checkAddress,
  parseAllowedNetworks,
  parseNetworkGrant,
  resolveClusterTarget,
  type ClusterTarget,
  type Resolver,
} from "@/lib/server/k8s/outbound-policy";
import { PinnedAgent } from "@/lib/server/k8s/pinned-agent";

const FIXTURES = path.resolve(__dirname, "../fixtures/kubeconfig");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const CA = fixture("ca.crt");
const SERVER_TLS = { cert: fixture("server.crt"), key: fixture("server.key") };
const TOKEN = "pilothouse-outbound-token.0123456789";

const LOOPBACK = parseAllowedNetworks("127.0.0.0/8");
const NOTHING_EXTRA = parseAllowedNetworks(undefined);

/** A resolver that answers from a table, counting lookups. */
function stubResolver(answers: Record<string, string[] | ((call: number) => string[])>) {
  const calls: string[] = [];
  const resolver: Resolver = async (hostname) => {
    calls.push(hostname);
    const answer = answers[hostname];
    if (answer === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const list = typeof answer === "function" ? answer(calls.filter((name) => name === hostname).length) : answer;
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolver, calls };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

// --- Loopback servers -------------------------------------------------------------------------

type Seen = { method?: string; url?: string; headers: IncomingHttpHeaders; servername?: string | false | null };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function listen(server: net.Server, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

/** A TLS server with the test certificate, recording every request it sees. */
async function tlsServer(
  host: string,
  handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void,
  port = 0,
  options: https.ServerOptions = {},
) {
  const seen: Seen[] = [];
  const server = https.createServer({ ...SERVER_TLS, ...options }, (req, res) => {
    seen.push({
      method: req.method,
      url: req.url,
      headers: req.headers,
      servername: (req.socket as TLSSocket).servername,
    });
    handler(req, res);
  });
  const boundPort = await listen(server, host, port);
  return { server, seen, port: boundPort };
}

/** A raw TCP listener that counts connections and keeps every byte it receives. */
async function tcpTrap(host: string, port = 0, onSocket?: (socket: net.Socket) => void) {
  const state = { connections: 0, bytes: Buffer.alloc(0) };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on("data", (chunk) => (state.bytes = Buffer.concat([state.bytes, chunk])));
    socket.on("error", () => undefined);
    if (onSocket) onSocket(socket);
  });
  cleanups.push(async () => sockets.forEach((socket) => socket.destroy()));
  const boundPort = await listen(server, host, port);
  return { state, port: boundPort };
}

const json = (body: unknown) => (_req: unknown, res: import("node:http").ServerResponse) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
};

async function loopbackTarget(port: number, hostname = "cluster.test", address = "127.0.0.1"): Promise<ClusterTarget> {
  const { resolver } = stubResolver({ [hostname]: [address] });
  return resolveClusterTarget(`https://${hostname}:${port}`, { resolver, allowed: LOOPBACK });
}

// ---------------------------------------------------------------------------------------------

describe("parseAllowedNetworks", () => {
  it("reads comma-separated CIDRs and single addresses", () => {
    const allowed = parseAllowedNetworks(" 10.0.0.0/8, fd00::/8 ,192.168.1.10,::ffff:172.16.0.0/108");
    expect(allowed.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual([
      "10.0.0.0/8",
      "fd00::/8",
      "192.168.1.10/32",
      "172.16.0.0/12",
    ]);
    expect(parseAllowedNetworks("")).toEqual([]);
    expect(parseAllowedNetworks(undefined)).toEqual([]);
  });

  it.each([
    "banana",
    "10/8",
    "0x0a.0.0.0/8",
    "10.0.0.0/33",
    "10.0.0.0/8/8",
    "fd00::/129",
    "10.0.0.0/-1",
    "10.0.0.0/ 8x",
  ])("refuses %s, naming the variable", (value) => {
    let error: unknown;
    try {
      parseAllowedNetworks(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).path).toBe("PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS");
    expect((error as AppError).message).toMatch(/^PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS: .* is not a CIDR/);
  });
});

describe("checkAddress", () => {
  const everything = parseAllowedNetworks("0.0.0.0/0,::/0");

  it.each([
    ["169.254.169.254", /link-local/],
    ["169.254.0.1", /link-local/],
    ["100.100.100.200", /metadata/],
    ["fd00:ec2::254", /metadata/],
    ["fe80::1", /link-local/],
    ["::ffff:169.254.169.254", /link-local/],
    ["::ffff:a9fe:a9fe", /link-local/],
    ["64:ff9b::a9fe:a9fe", /169\.254\.169\.254\) is a link-local/],
    ["2002:a9fe:a9fe::1", /169\.254\.169\.254\) is a link-local/],
    ["::a9fe:a9fe", /169\.254\.169\.254\) is a link-local/],
    ["0xa9fea9fe", /link-local/],
    ["2852039166", /link-local/],
    ["0251.0376.0251.0376", /link-local/],
    ["0.0.0.0", /unspecified/],
    ["::", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["ff02::1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["not-an-ip", /not an IP address/],
    ["fe80::1%eth0", /not an IP address/],
  ])("always refuses %s, whatever is allowed", (ip, reason) => {
    for (const allowed of [NOTHING_EXTRA, everything]) {
      const verdict = checkAddress(ip, allowed);
      expect(verdict.allowed).toBe(false);
      expect(!verdict.allowed && verdict.reason).toMatch(reason);
      expect(!verdict.allowed && verdict.reason).toMatch(/never connects there|not an IP address/);
    }
  });

  it.each([
    ["127.0.0.1", "127.0.0.0/8", /loopback/],
    ["2130706433", "127.0.0.0/8", /loopback/],
    ["0x7f000001", "127.0.0.0/8", /loopback/],
    ["0177.0.0.1", "127.0.0.0/8", /loopback/],
    ["127.1", "127.0.0.0/8", /loopback/],
    ["::ffff:127.0.0.1", "127.0.0.0/8", /loopback/],
    ["::1", "::1/128", /loopback/],
    ["10.1.2.3", "10.0.0.0/8", /private/],
    ["172.16.5.4", "172.16.0.0/12", /private/],
    ["192.168.1.1", "192.168.0.0/16", /private/],
    ["100.64.0.1", "100.64.0.0/10", /carrier-grade NAT/],
    ["fc00::1", "fc00::/7", /unique local/],
    ["fd12:3456::1", "fd00::/8", /unique local/],
  ])("refuses %s unless PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS allows %s", (ip, cidr, reason) => {
    const refused = checkAddress(ip, NOTHING_EXTRA);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.reason).toMatch(reason);
    // Words for whoever typed the address: who can change it, never the server setting's name.
    expect(!refused.allowed && refused.reason).toMatch(
      /, which this Pilothouse does not allow\. Ask your Pilothouse operator to allow this network\.$/,
    );
    expect(!refused.allowed && refused.reason).not.toMatch(/PILOTHOUSE_|ALLOWED_CLUSTER_NETWORKS/);
    expect(checkAddress(ip, parseAllowedNetworks(cidr)).allowed).toBe(true);
    expect(checkAddress(ip, parseAllowedNetworks("192.0.2.0/24")).allowed).toBe(false);
  });

  it("normalizes what it reports and connects to", () => {
    expect(checkAddress("2130706433", LOOPBACK)).toEqual({ allowed: true, address: "127.0.0.1", family: 4 });
    expect(checkAddress("::ffff:7f00:1", LOOPBACK)).toEqual({ allowed: true, address: "127.0.0.1", family: 4 });
  });

  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])("allows the public address %s", (ip) => {
    expect(checkAddress(ip, NOTHING_EXTRA).allowed).toBe(true);
  });

  it("does not let an allowed private range include the metadata address", () => {
    expect(checkAddress("fd00:ec2::254", parseAllowedNetworks("fd00::/8")).allowed).toBe(false);
    expect(checkAddress("169.254.169.254", parseAllowedNetworks("169.254.0.0/16")).allowed).toBe(false);
    expect(checkAddress("169.254.169.254", [parseNetworkGrant("169.254.0.0/16")], 80).allowed).toBe(false);
  });
});

describe("an organization's network grants", () => {
  it("open a private range on every port, or only on the ports they name", () => {
    const everyPort = [parseNetworkGrant("10.20.0.0/16")];
    expect(checkAddress("10.20.3.4", everyPort, 6443).allowed).toBe(true);
    const twoPorts = [parseNetworkGrant("10.20.0.0/16", [6443, 443])];
    expect(checkAddress("10.20.3.4", twoPorts, 443).allowed).toBe(true);
    const wrongPort = checkAddress("10.20.3.4", twoPorts, 22);
    expect(wrongPort).toMatchObject({
      allowed: false,
      address: "10.20.3.4",
      onlyPorts: [443, 6443],
      reason: "10.20.3.4 is a private address, which your organization may reach only on port 443, 6443.",
    });
    expect(checkAddress("10.21.0.1", twoPorts, 443).allowed).toBe(false);
  });

  it("tell the user to ask the operator when nothing grants a private address (the setting's name is for the log)", () => {
    const verdict = checkAddress("10.1.1.1", NOTHING_EXTRA, 443);
    expect(!verdict.allowed && verdict.reason).toBe(
      "10.1.1.1 is a private address, which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network.",
    );
  });

  it("are judged against the port of the server URL", async () => {
    const { resolver } = stubResolver({ "api.corp.test": ["10.20.3.4"] });
    const allowed = [parseNetworkGrant("10.20.0.0/16", [6443])];
    await expect(resolveClusterTarget("https://api.corp.test:6443", { resolver, allowed })).resolves.toMatchObject({
      address: "10.20.3.4",
      port: 6443,
    });
    const refused = await refusal(resolveClusterTarget("https://api.corp.test", { resolver, allowed }));
    expect(refused.message).toBe(
      "The server api.corp.test resolves to 10.20.3.4, a private address, which your organization may reach only on port 6443.",
    );
    // A policy refusal is a denial in the audit log; a malformed URL is bad input.
    expect(refused.denied).toBe(true);
    expect((await refusal(resolveClusterTarget("http://api.corp.test", { resolver, allowed }))).denied).toBe(false);
  });

  it.each([
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["192.168.7.9/24", "192.168.7.0/24"],
    ["fd00:1:2:3::9/64", "fd00:1:2:3::/64"],
    ["10.1.2.3", "10.1.2.3/32"],
  ])("spell %s as %s", (input, canonical) => {
    expect(canonicalCidr(parseNetworkGrant(input))).toBe(canonical);
  });

  it.each([
    ["banana", [], "cidr"],
    ["10.0.0.0/33", [], "cidr"],
    ["10.0.0.0/8", [0], "ports"],
    ["10.0.0.0/8", [70000], "ports"],
    ["10.0.0.0/8", [1.5], "ports"],
  ])("refuse %s with ports %j at the field %s", (cidr, ports, field) => {
    let error: unknown;
    try {
      parseNetworkGrant(cidr, ports);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).path).toBe(field);
  });
});

describe("resolveClusterTarget", () => {
  it("resolves through the injected resolver and returns the address to pin", async () => {
    const { resolver, calls } = stubResolver({ "api.example.com": ["203.0.114.7", "2606:4700::6810:84e5"] });
    const target = await resolveClusterTarget("https://api.example.com:6443/prefix/", {
      resolver,
      allowed: NOTHING_EXTRA,
    });
    expect(target).toEqual({
      url: "https://api.example.com:6443/prefix",
      hostname: "api.example.com",
      address: "203.0.114.7",
      family: 4,
      port: 6443,
    });
    expect(calls).toEqual(["api.example.com"]);
    expect(Object.isFrozen(target)).toBe(true);
  });

  it.each([
    [
      "loopback",
      "127.0.0.1",
      "The server evil.example.com resolves to 127.0.0.1, a loopback address, which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network.",
    ],
    [
      "the metadata service",
      "169.254.169.254",
      "The server evil.example.com resolves to 169.254.169.254, a link-local address, where cloud metadata services live; Pilothouse never connects there.",
    ],
    [
      "the IPv6 metadata service",
      "fd00:ec2::254",
      "The server evil.example.com resolves to fd00:ec2::254, a cloud metadata service address; Pilothouse never connects there.",
    ],
    [
      "IPv4-mapped metadata",
      "::ffff:169.254.169.254",
      "The server evil.example.com resolves to 169.254.169.254, a link-local address, where cloud metadata services live; Pilothouse never connects there.",
    ],
    [
      "a private address",
      "10.0.0.5",
      "The server evil.example.com resolves to 10.0.0.5, a private address, which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network.",
    ],
  ])("refuses a name that resolves to %s, in one plain sentence", async (_label, address, message) => {
    const { resolver } = stubResolver({ "evil.example.com": [address] });
    const error = await refusal(resolveClusterTarget("https://evil.example.com", { resolver, allowed: NOTHING_EXTRA }));
    expect(error.code).toBe("CLUSTER_UNREACHABLE");
    expect(error.message).toBe(message);
  });

  it("says what a literal address is without claiming it resolves", async () => {
    const error = await refusal(
      resolveClusterTarget("https://10.0.0.1:6443", { resolver: stubResolver({}).resolver, allowed: NOTHING_EXTRA }),
    );
    expect(error.message).toBe(
      "The server 10.0.0.1 is a private address, which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network.",
    );
  });

  it("refuses a name when ANY of its addresses is forbidden", async () => {
    const { resolver } = stubResolver({ "mixed.example.com": ["8.8.8.8", "169.254.169.254"] });
    const error = await refusal(resolveClusterTarget("https://mixed.example.com", { resolver, allowed: LOOPBACK }));
    expect(error.message).toMatch(/169\.254\.169\.254/);
  });

  it.each([
    ["https://2130706433:6443", "127.0.0.1"],
    ["https://0x7f000001/", "127.0.0.1"],
    ["https://0x7f.1/", "127.0.0.1"],
    ["https://017700000001/", "127.0.0.1"],
    ["https://[::ffff:127.0.0.1]/", "127.0.0.1"],
    ["https://[::1]:6443", "::1"],
  ])("judges the literal %s as %s without DNS", async (server, address) => {
    const { resolver, calls } = stubResolver({});
    await expect(refusal(resolveClusterTarget(server, { resolver, allowed: NOTHING_EXTRA }))).resolves.toBeInstanceOf(
      AppError,
    );
    const target = await resolveClusterTarget(server, {
      resolver,
      allowed: parseAllowedNetworks("127.0.0.0/8,::1/128"),
    });
    expect(target.address).toBe(address);
    expect(calls).toEqual([]);
  });

  it.each([
    "https://0xa9fea9fe/latest/meta-data",
    "https://2852039166/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://169.254.169.254/",
    "https://[fd00:ec2::254]/",
  ])("always refuses the metadata literal %s", async (server) => {
    const error = await refusal(
      resolveClusterTarget(server, {
        resolver: stubResolver({}).resolver,
        allowed: parseAllowedNetworks("0.0.0.0/0,::/0"),
      }),
    );
    expect(error.message).toMatch(/never connects there/);
  });

  it.each([
    ["http://cluster.example.com", /https/],
    ["https://user:secret@cluster.example.com", /user name or password/],
    ["https://cluster.example.com/?x=1", /query or fragment/],
    ["not a url", /not a URL/],
  ])("refuses the server %s", async (server, reason) => {
    const error = await refusal(
      resolveClusterTarget(server, { resolver: stubResolver({}).resolver, allowed: NOTHING_EXTRA }),
    );
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain("secret");
  });

  it("reports unresolvable and empty names", async () => {
    const { resolver } = stubResolver({ "empty.example.com": [] });
    expect(
      (await refusal(resolveClusterTarget("https://nowhere.example.com", { resolver, allowed: NOTHING_EXTRA })))
        .message,
    ).toMatch(/^The server nowhere\.example\.com could not be found in DNS\. Check the address\.$/);
    expect(
      (await refusal(resolveClusterTarget("https://empty.example.com", { resolver, allowed: NOTHING_EXTRA }))).message,
    ).toMatch(/^The server empty\.example\.com has no address\.$/);
  });

  it("turns a refusal into the input's 422 when the server is being added", async () => {
    const { resolver } = stubResolver({ "evil.example.com": ["169.254.169.254"] });
    const error = await refusal(
      resolveClusterTarget("https://evil.example.com", {
        resolver,
        allowed: NOTHING_EXTRA,
        invalidInputPath: "server",
      }),
    );
    expect({ code: error.code, status: error.status, path: error.path }).toEqual({
      code: "INVALID_INPUT",
      status: 422,
      path: "server",
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe("the pinned connection", () => {
  it("connects to the vetted address even when DNS answers differently at connect time", async () => {
    // Both servers share a port on different loopback addresses; only the address differs.
    const vetted = await tlsServer("127.0.0.1", json({ server: "vetted" }));
    const rebound = await tcpTrap("127.0.0.2", vetted.port);
    const { resolver, calls } = stubResolver({ "rebind.test": (call) => (call === 1 ? ["127.0.0.1"] : ["127.0.0.2"]) });
    const target = await resolveClusterTarget(`https://rebind.test:${vetted.port}`, { resolver, allowed: LOOPBACK });

    // From now on the system resolver answers the rebound address for this name.
    const dns = createRequire(import.meta.url)("node:dns") as typeof import("node:dns");
    const realLookup = dns.lookup;
    const systemLookup = vi
      .spyOn(dns, "lookup")
      .mockImplementation(((hostname: string, options: unknown, callback: unknown) =>
        hostname === "rebind.test"
          ? (realLookup as (...args: unknown[]) => void)("127.0.0.2", options, callback)
          : (realLookup as (...args: unknown[]) => void)(hostname, options, callback)) as typeof dns.lookup);

    const response = await requestJson({ target, path: "/version", ca: CA, token: TOKEN });

    expect(response).toMatchObject({ status: 200, body: { server: "vetted" } });
    expect(vetted.seen).toHaveLength(1);
    expect(vetted.seen[0]).toMatchObject({ url: "/version", servername: "rebind.test" });
    expect(vetted.seen[0]!.headers).toMatchObject({
      host: `rebind.test:${vetted.port}`,
      authorization: `Bearer ${TOKEN}`,
    });
    expect(rebound.state.connections).toBe(0);
    expect(calls).toEqual(["rebind.test"]);
    expect(systemLookup.mock.calls.filter(([hostname]) => hostname === "rebind.test")).toEqual([]);

    // Control: an ordinary agent follows the changed DNS answer to the other address.
    const landedAt = await new Promise<string | undefined>((resolve) => {
      const req = https.request({
        hostname: "rebind.test",
        port: vetted.port,
        path: "/",
        ca: CA,
        agent: new https.Agent(),
      });
      req.once("socket", (socket) =>
        socket.once("connect", () => {
          resolve(socket.remoteAddress);
          req.destroy();
        }),
      );
      req.on("error", () => resolve(undefined));
      req.end();
    });
    expect(landedAt).toBe("127.0.0.2");
  });

  it("verifies the certificate against the host name and refuses an unknown CA", async () => {
    const server = await tlsServer("127.0.0.1", json({}));
    const target = await loopbackTarget(server.port);
    const error = await refusal(requestJson({ target, path: "/version", token: TOKEN }));
    expect(error.code).toBe("CLUSTER_UNREACHABLE");
    expect(error.message).toMatch(/TLS certificate that could not be verified/);
    const wrongName = await loopbackTarget(server.port, "wrong-name.test");
    expect((await refusal(requestJson({ target: wrongName, path: "/version", ca: CA }))).message).toMatch(
      /could not be verified/,
    );
    expect(server.seen).toHaveLength(0);
  });

  it("uses tls-server-name for SNI and verification when given", async () => {
    const server = await tlsServer("127.0.0.1", json({ ok: true }));
    const target = await loopbackTarget(server.port, "other-name.test");
    const response = await requestJson({ target, path: "/", ca: CA, tlsServerName: "cluster.test" });
    expect(response.body).toEqual({ ok: true });
    expect(server.seen[0]).toMatchObject({ servername: "cluster.test" });
  });

  it("authenticates with a client certificate", async () => {
    const server = await tlsServer(
      "127.0.0.1",
      (req, res) => json({ cn: (req.socket as TLSSocket).getPeerCertificate().subject?.CN })(req, res),
      0,
      { ca: CA, requestCert: true, rejectUnauthorized: true },
    );
    const target = await loopbackTarget(server.port);
    const response = await requestJson({
      target,
      path: "/",
      ca: CA,
      cert: fixture("client.crt"),
      key: fixture("client.key"),
    });
    expect(response.body).toEqual({ cn: "pilothouse-test-admin" });
  });

  it("gives up on a connection that never completes the TLS handshake", async () => {
    const silent = await tcpTrap("127.0.0.1");
    const target = await loopbackTarget(silent.port);
    const started = Date.now();
    const error = await refusal(
      requestJson({ target, path: "/", ca: CA, token: TOKEN, connectTimeoutMs: 200, timeoutMs: 5_000 }),
    );
    expect(error.message).toMatch(/did not accept a connection within/);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(silent.state.bytes.toString("latin1")).not.toContain(TOKEN);
  });

  it("refuses to carry a request to any other host", async () => {
    const server = await tlsServer("127.0.0.1", json({}));
    const target = await loopbackTarget(server.port);
    const agent = new PinnedAgent({ target, ca: CA });
    cleanups.push(async () => agent.destroy());
    const error = await new Promise<Error>((resolve) => {
      const req = https.request({ hostname: "elsewhere.test", port: server.port, path: "/", agent }, () =>
        resolve(new Error("answered")),
      );
      req.on("error", resolve);
      req.end();
    });
    expect(error.message).toMatch(/refused to connect to a host other than the cluster's server/);
    expect(server.seen).toHaveLength(0);
  });
});

describe("requests to a cluster", () => {
  it("refuses a redirect: the second port sees no request and no token", async () => {
    const second = await tcpTrap("127.0.0.1");
    const first = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(302, { location: `https://127.0.0.1:${second.port}/steal` });
      res.end();
    });
    const target = await loopbackTarget(first.port);

    const error = await refusal(requestJson({ target, path: "/api/v1/namespaces", ca: CA, token: TOKEN }));
    expect(error.code).toBe("CLUSTER_UNREACHABLE");
    expect(error.message).toBe(
      "The cluster at cluster.test answered a redirect (302); Pilothouse never follows redirects",
    );
    const streamError = await refusal(openStream({ target, path: "/api/v1/pods?watch=1", ca: CA, token: TOKEN }));
    expect(streamError.message).toMatch(/never follows redirects/);

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(first.seen).toHaveLength(2);
    expect(second.state.connections).toBe(0);
    expect(second.state.bytes.toString("latin1")).not.toMatch(/authorization|Bearer/i);
  });

  it("sends the token only as its own Authorization header", async () => {
    const server = await tlsServer("127.0.0.1", json({}));
    const target = await loopbackTarget(server.port);
    await requestJson({
      target,
      path: "/x",
      ca: CA,
      token: TOKEN,
      headers: {
        Authorization: "Bearer caller-chosen",
        Cookie: "session=1",
        Host: "evil.test",
        "Impersonate-User": "pilothouse:ann",
      },
    });
    expect(server.seen[0]!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      host: `cluster.test:${server.port}`,
      "impersonate-user": "pilothouse:ann",
    });
    expect(server.seen[0]!.headers.cookie).toBeUndefined();
  });

  it("sends a JSON body and keeps the server's base path", async () => {
    const bodies: string[] = [];
    const server = await tlsServer("127.0.0.1", (req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        bodies.push(body);
        json({ created: true })(req, res);
      });
    });
    const { resolver } = stubResolver({ "cluster.test": ["127.0.0.1"] });
    const target = await resolveClusterTarget(`https://cluster.test:${server.port}/k8s/clusters/c-1`, {
      resolver,
      allowed: LOOPBACK,
    });
    const response = await requestJson({
      target,
      path: "/api/v1/namespaces",
      method: "POST",
      body: { kind: "Namespace" },
      ca: CA,
    });
    expect(response).toMatchObject({ status: 200, body: { created: true } });
    expect(server.seen[0]).toMatchObject({ method: "POST", url: "/k8s/clusters/c-1/api/v1/namespaces" });
    expect(server.seen[0]!.headers["content-type"]).toBe("application/json");
    expect(bodies).toEqual(['{"kind":"Namespace"}']);
  });

  it("returns error statuses for the caller to map", async () => {
    const server = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(409, { "content-type": "application/json" });
      res.end(JSON.stringify({ kind: "Status", message: "the object has been modified" }));
    });
    const response = await requestJson({ target: await loopbackTarget(server.port), path: "/", ca: CA });
    expect(response).toMatchObject({ status: 409, body: { message: "the object has been modified" } });
  });

  it("times out a call that never answers", async () => {
    const server = await tlsServer("127.0.0.1", () => undefined);
    const error = await refusal(
      requestJson({ target: await loopbackTarget(server.port), path: "/", ca: CA, timeoutMs: 300 }),
    );
    expect(error.message).toBe("The cluster at cluster.test did not answer within 300 ms");
  });

  it("times out a call whose body trickles in past the deadline", async () => {
    const server = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      const timer = setInterval(() => res.write("1,"), 50);
      res.on("close", () => clearInterval(timer));
    });
    const error = await refusal(
      requestJson({ target: await loopbackTarget(server.port), path: "/", ca: CA, timeoutMs: 400 }),
    );
    expect(error.message).toMatch(/did not answer within 400 ms/);
  });

  it("caps the response size, declared or streamed", async () => {
    const declared = await tlsServer("127.0.0.1", (_req, res) => res.end(JSON.stringify({ data: "x".repeat(4096) })));
    const error = await refusal(
      requestJson({ target: await loopbackTarget(declared.port), path: "/", ca: CA, maxBytes: 1024 }),
    );
    expect(error.message).toBe("The cluster at cluster.test sent a response larger than 1 KiB");

    const chunked = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < 8; i++) res.write("x".repeat(512));
      res.end();
    });
    const streamedError = await refusal(
      requestJson({ target: await loopbackTarget(chunked.port), path: "/", ca: CA, maxBytes: 1024 }),
    );
    expect(streamedError.message).toMatch(/larger than 1 KiB/);
  });

  it("caps an ordinary call at 2 MiB when the caller names no cap (8 MiB let hostile clusters exhaust the heap)", async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(2 * 1024 * 1024);
    const server = await tlsServer("127.0.0.1", (_req, res) => res.end(JSON.stringify({ data: "x".repeat(3 << 20) })));
    const error = await refusal(requestJson({ target: await loopbackTarget(server.port), path: "/", ca: CA }));
    expect(error.message).toBe("The cluster at cluster.test sent a response larger than 2 MiB");
  });

  it("refuses a body that is not JSON", async () => {
    const server = await tlsServer("127.0.0.1", (_req, res) => res.end("<html>login</html>"));
    const error = await refusal(requestJson({ target: await loopbackTarget(server.port), path: "/", ca: CA }));
    expect(error.message).toMatch(/not JSON/);
  });

  it("reports a refused connection in its own words", async () => {
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as net.AddressInfo).port)),
    );
    await new Promise((resolve) => probe.close(resolve)); // nothing listens there any more
    const target = await loopbackTarget(port);
    const error = await refusal(requestJson({ target, path: "/", ca: CA }));
    expect(error.message).toBe("The cluster at cluster.test refused the connection");
  });
});

describe("streams", () => {
  it("delivers data and ends a stream that goes quiet", async () => {
    const server = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED"}\n');
    });
    const { status, stream } = await openStream({
      target: await loopbackTarget(server.port),
      path: "/watch",
      ca: CA,
      token: TOKEN,
      inactivityMs: 300,
    });
    expect(status).toBe(200);
    const chunks: string[] = [];
    const error = await new Promise<Error>((resolve) => {
      stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
      stream.on("error", resolve);
    });
    expect(chunks.join("")).toBe('{"type":"ADDED"}\n');
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toBe("The cluster at cluster.test sent nothing for 300 ms");
  });

  it("loses nothing when the reader starts late, and closes the connection after going quiet", async () => {
    let serverSawClose = false;
    const server = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(200);
      res.write("first\n");
      res.on("close", () => (serverSawClose = true));
    });
    const { stream } = await openStream({
      target: await loopbackTarget(server.port),
      path: "/log",
      ca: CA,
      inactivityMs: 400,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const chunks: string[] = [];
    const error = await new Promise<Error>((resolve) => {
      stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
      stream.on("error", resolve);
    });
    expect(chunks).toEqual(["first\n"]);
    expect(error.message).toMatch(/sent nothing for 400 ms/);
    await vi.waitFor(() => expect(serverSawClose).toBe(true));
  });

  it("keeps a stream open while data keeps arriving", async () => {
    const server = await tlsServer("127.0.0.1", (_req, res) => {
      res.writeHead(200);
      let sent = 0;
      const timer = setInterval(() => {
        sent += 1;
        res.write(`line ${sent}\n`);
        if (sent === 6) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
    });
    const { stream } = await openStream({
      target: await loopbackTarget(server.port),
      path: "/log",
      ca: CA,
      inactivityMs: 300,
    });
    let text = "";
    for await (const chunk of stream) text += String(chunk);
    expect(text.trim().split("\n")).toHaveLength(6);
  });

  it("times out a stream whose headers never come", async () => {
    const server = await tlsServer("127.0.0.1", () => undefined);
    const error = await refusal(
      openStream({ target: await loopbackTarget(server.port), path: "/watch", ca: CA, inactivityMs: 300 }),
    );
    expect(error.message).toMatch(/did not answer within 300 ms/);
  });
});
