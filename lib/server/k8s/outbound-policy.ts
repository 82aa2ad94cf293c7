import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";
import { commaSeparated } from "../config/comma-separated";
import { log } from "../logger";

/**
 * Where Pilothouse may connect on behalf of a kubeconfig (docs/security.md §1). The uploader picks
 * `server:`, so without this policy Pilothouse is an SSRF proxy into its own network and the
 * cloud metadata service. We resolve DNS ourselves, vet every answer, and hand back ONE address
 * that the connection is then pinned to (pinned-agent.ts), so DNS cannot change under us.
 */

export const ALLOWED_NETWORKS_ENV = "PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = readonly [Address, number];

/**
 * A network where loopback and private addresses may be reached: from the operator's
 * PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS (every org, every port) or an org's own grant, which may
 * name ports (docs/decisions/0062-per-org-network-grants.md).
 */
export type AllowedNetwork = readonly [network: Address, bits: number, ports?: readonly number[]];
export type AllowedNetworks = readonly AllowedNetwork[];

export type AddressVerdict =
  | { allowed: true; address: string; family: 4 | 6 }
  | {
      allowed: false;
      address: string;
      /** A sentence for the person who entered the address: what it is and who can change that. */
      reason: string;
      /** The address as judged, with the IPv4 it carries when that is what was refused. */
      named?: string;
      /** What kind of address it is ("a private address"). */
      label?: string;
      /** True for private ranges an operator may allow; false for what is never reachable. */
      operatorMayAllow?: boolean;
      /** The ports this org's grants open on the address, when the one asked for is not among them. */
      onlyPorts?: readonly number[];
    };

export type ResolvedAddress = { address: string; family: number };
/** Answers every address a name resolves to, like `dns.promises.lookup(host, { all: true })`. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export type ClusterTarget = {
  /** The normalized https URL (origin plus any base path). */
  readonly url: string;
  /** The host name from the URL (brackets removed for IPv6): the TLS name and Host header. */
  readonly hostname: string;
  /** The vetted address every connection for this target must go to. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
};

export const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, order: "verbatim" });

// --- Address classes ------------------------------------------------------------------------

/** Never reachable, whatever the operator allows: metadata services, link-local, multicast, "this host". */
const ALWAYS_REFUSED: readonly [string, string][] = [
  ["0.0.0.0/8", 'an unspecified ("this network") address'],
  ["169.254.0.0/16", "a link-local address, where cloud metadata services live"],
  ["100.100.100.200/32", "a cloud metadata service address"],
  ["224.0.0.0/4", "a multicast address"],
  ["240.0.0.0/4", "a reserved or broadcast address"],
  ["::/128", "the unspecified address"],
  ["fe80::/10", "a link-local address"],
  ["fd00:ec2::254/128", "a cloud metadata service address"],
  ["ff00::/8", "a multicast address"],
];

/** Loopback and private networks: reachable only inside PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS (an operator setting). */
const PRIVATE: readonly [string, string][] = [
  ["127.0.0.0/8", "a loopback address"],
  ["10.0.0.0/8", "a private address"],
  ["172.16.0.0/12", "a private address"],
  ["192.168.0.0/16", "a private address"],
  ["100.64.0.0/10", "a shared (carrier-grade NAT) address"],
  ["192.0.0.0/24", "a reserved address"],
  ["192.0.2.0/24", "a documentation address"],
  ["198.18.0.0/15", "a benchmarking address"],
  ["198.51.100.0/24", "a documentation address"],
  ["203.0.113.0/24", "a documentation address"],
  ["::1/128", "a loopback address"],
  ["fc00::/7", "a private (unique local) address"],
  ["fec0::/10", "a private (site-local) address"],
  ["100::/64", "a discard address"],
  ["2001:db8::/32", "a documentation address"],
];

function parseRanges(ranges: readonly [string, string][]): readonly [Cidr, string][] {
  return ranges.map(([cidr, label]) => [ipaddr.parseCIDR(cidr), label]);
}

const ALWAYS_REFUSED_RANGES = parseRanges(ALWAYS_REFUSED);
const PRIVATE_RANGES = parseRanges(PRIVATE);

function inCidr(address: Address, [network, bits]: Cidr): boolean {
  return address.kind() === network.kind() && address.match(network, bits);
}

// --- Parsing and normalizing ------------------------------------------------------------------

/**
 * Parse an IP literal in any form a resolver or URL parser might accept: dotted, decimal
 * (2130706433), hex (0x7f000001), octal (0177.0.0.1), short (127.1), IPv6 with or without brackets.
 */
export function parseIp(text: string): Address | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (bare.includes("%")) return undefined; // zone ids only exist for link-local targets
  try {
    return ipaddr.parse(bare);
  } catch {
    return undefined;
  }
}

/**
 * IPv6 forms that carry an IPv4 address (compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) can reach that IPv4 host through a gateway, so they are judged as that IPv4 too.
 */
function embeddedIpv4(address: Address): ipaddr.IPv4 | undefined {
  if (address.kind() !== "ipv6") return undefined;
  const [p0, p1 = 0, p2 = 0, p3, p4, p5, p6 = 0, p7 = 0] = (address as ipaddr.IPv6).parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const middleIsZero = p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0;
  if (p0 === 0 && p1 === 0 && middleIsZero && (p6 !== 0 || p7 > 1)) return fromWords(p6, p7); // ::a.b.c.d (not :: or ::1)
  if (p0 === 0x64 && p1 === 0xff9b && middleIsZero) return fromWords(p6, p7); // NAT64
  if (p0 === 0x2002) return fromWords(p1, p2); // 6to4
  return undefined;
}

/** Comma-separated CIDRs (or single addresses) from PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS. */
export function parseAllowedNetworks(value: string | undefined): AllowedNetworks {
  return commaSeparated(value).map((entry) => parseAllowedEntry(entry));
}

/**
 * One organization's grant (set by an operator with `npm run cli -- networks grant`): a CIDR and,
 * optionally, the only ports it opens. Bad input is an error at `path`.
 */
export function parseNetworkGrant(cidr: string, ports: readonly number[] = [], path = "cidr"): AllowedNetwork {
  const [network, bits] = parseAllowedEntry(cidr.trim(), path);
  const bad = ports.find((port) => !Number.isInteger(port) || port < 1 || port > 65535);
  if (bad !== undefined) throw new AppError("INVALID_INPUT", `ports: ${bad} is not a port (1-65535)`, "ports");
  return ports.length === 0 ? [network, bits] : [network, bits, [...new Set(ports)].sort((a, b) => a - b)];
}

/** A network's one spelling: host bits cleared, so 10.1.2.3/8 and 10.0.0.0/8 are the same grant. */
export function canonicalCidr([network, bits]: AllowedNetwork): string {
  const cidr = `${network.toString()}/${bits}`;
  const base =
    network.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${base.toString()}/${bits}`;
}

function parseAllowedEntry(entry: string, name = ALLOWED_NETWORKS_ENV): Cidr {
  const [addressText = "", bitsText, ...rest] = entry.split("/");
  const bad = () =>
    new AppError(
      "INVALID_INPUT",
      `${name}: "${entry.slice(0, 64)}" is not a CIDR such as 10.0.0.0/8 or fd00::/8`,
      name,
    );
  // Only the plain forms: "10/8" would otherwise parse as 0.0.0.10/8 and allow the wrong network.
  const isPlainV4 = ipaddr.IPv4.isValidFourPartDecimal(addressText);
  if (rest.length > 0 || !(isPlainV4 || (ipaddr.IPv6.isValid(addressText) && !addressText.includes("%")))) throw bad();
  const address = ipaddr.parse(addressText);
  const maxBits = address.kind() === "ipv4" ? 32 : 128;
  const bits = bitsText === undefined ? maxBits : Number(bitsText);
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) throw bad();
  if (!Number.isInteger(bits) || bits < 0 || bits > maxBits) throw bad();
  return toComparableCidr(address, bits);
}

/** An operator writing ::ffff:10.0.0.0/104 means the IPv4 network 10.0.0.0/8. */
function toComparableCidr(address: Address, bits: number): Cidr {
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

// --- Verdicts ---------------------------------------------------------------------------------

/** Judge one address (and the port it would be reached on, for grants that name ports). Anything unparsable is refused. */
export function checkAddress(ip: string, allowed: AllowedNetworks, port?: number): AddressVerdict {
  const parsed = parseIp(ip);
  if (!parsed) return { allowed: false, address: ip, reason: `${ip.slice(0, 64)} is not an IP address` };
  // An IPv4-mapped address is an IPv4 connection in disguise: connect (and report) as IPv4.
  const address =
    parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : parsed;
  const shown = address.toString();
  for (const candidate of [address, embeddedIpv4(address)]) {
    const refusal = candidate && refusalFor(candidate, allowed, port);
    if (!refusal) continue;
    const named = candidate === address ? shown : `${shown} (${candidate.toString()})`;
    return {
      allowed: false,
      address: shown,
      named,
      label: refusal.label,
      operatorMayAllow: refusal.operatorMayAllow,
      ...(refusal.onlyPorts && { onlyPorts: refusal.onlyPorts }),
      reason: `${named} is ${refusal.label}${consequence(refusal.operatorMayAllow, refusal.onlyPorts)}`,
    };
  }
  return { allowed: true, address: shown, family: address.kind() === "ipv4" ? 4 : 6 };
}

/**
 * Words for whoever typed the address. An end user cannot change server settings, so the
 * setting's name is not theirs to read: it goes to the log for the operator (see resolveClusterTarget).
 */
function consequence(operatorMayAllow: boolean, onlyPorts?: readonly number[]): string {
  if (onlyPorts) return `, which your organization may reach only on port ${onlyPorts.join(", ")}.`;
  return operatorMayAllow
    ? ", which this Pilothouse does not allow. Ask your Pilothouse operator to allow this network."
    : "; Pilothouse never connects there.";
}

type Refusal = { label: string; operatorMayAllow: boolean; onlyPorts?: readonly number[] };

function refusalFor(address: Address, allowed: AllowedNetworks, port: number | undefined): Refusal | undefined {
  const always = ALWAYS_REFUSED_RANGES.find(([range]) => inCidr(address, range));
  if (always) return { label: always[1], operatorMayAllow: false };
  const restricted = PRIVATE_RANGES.find(([range]) => inCidr(address, range));
  if (!restricted) return undefined;
  const networks = allowed.filter(([network, bits]) => inCidr(address, [network, bits]));
  if (networks.some(([, , ports]) => ports === undefined || (port !== undefined && ports.includes(port)))) {
    return undefined;
  }
  const onlyPorts = [...new Set(networks.flatMap(([, , ports]) => ports ?? []))].sort((a, b) => a - b);
  return { label: restricted[1], operatorMayAllow: true, ...(onlyPorts.length > 0 && { onlyPorts }) };
}

// --- Resolving a cluster target -----------------------------------------------------------

export type ResolveOptions = {
  resolver?: Resolver;
  allowed: AllowedNetworks;
  /**
   * When the server comes from user input (adding a cluster), a refusal is that input's error:
   * INVALID_INPUT at this path (422). Without it, the stored cluster is CLUSTER_UNREACHABLE (502).
   */
  invalidInputPath?: string;
  /** What the address is, for messages: "The server" unless it is, say, a cloud token endpoint. */
  subject?: string;
};

/** Parse the server URL, resolve it ourselves, vet every address, and return the one to pin. */
export async function resolveClusterTarget(server: string, options: ResolveOptions): Promise<ClusterTarget> {
  const fail = (message: string, denied: boolean): never => {
    throw options.invalidInputPath === undefined
      ? new AppError("CLUSTER_UNREACHABLE", message, undefined, { denied })
      : new AppError("INVALID_INPUT", message, options.invalidInputPath, { denied });
  };
  // A malformed URL is bad input; an address the policy refuses is a denial (audited as such).
  const refuse = (message: string) => fail(message, false);
  const subject = options.subject ?? "The server";
  const url = parseServerUrl(server, refuse);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port === "" ? 443 : Number(url.port);
  const candidates = await resolveCandidates(hostname, subject, options.resolver ?? defaultResolver, refuse);
  const verdicts = candidates.map((candidate) => checkAddress(candidate, options.allowed, port));
  // One bad answer refuses the name: an attacker controls which answer a later lookup picks.
  const refused = verdicts.find((verdict) => !verdict.allowed);
  if (refused && !refused.allowed) {
    if (refused.operatorMayAllow)
      log.warn("cluster address refused by the outbound policy", {
        host: hostname,
        address: refused.address,
        port,
        allowWith: `${ALLOWED_NETWORKS_ENV} (every org) or npm run cli -- networks grant (one org)`,
      });
    fail(describeRefusal(subject, hostname, refused), refused.label !== undefined);
  }
  const [first] = verdicts;
  if (!first || !first.allowed) return refuse(`${subject} ${hostname} has no address.`);
  return Object.freeze({
    url: `${url.origin}${url.pathname.replace(/\/+$/, "")}`,
    hostname,
    address: first.address,
    family: first.family,
    port,
  });
}

/** "The server 10.0.0.1 is …" for a literal; "The server x.example resolves to 10.0.0.1, …" for a name. */
function describeRefusal(
  subject: string,
  hostname: string,
  verdict: Extract<AddressVerdict, { allowed: false }>,
): string {
  if (verdict.label === undefined || verdict.named === undefined) return `${subject} ${hostname}: ${verdict.reason}.`;
  const literal = parseIp(hostname) !== undefined;
  const what = literal
    ? `${verdict.named} is ${verdict.label}`
    : `${hostname} resolves to ${verdict.named}, ${verdict.label}`;
  return `${subject} ${what}${consequence(verdict.operatorMayAllow ?? false, verdict.onlyPorts)}`;
}

function parseServerUrl(server: string, refuse: (message: string) => never): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return refuse("The server address is not a URL. Use the API server's https:// address.");
  }
  if (url.protocol !== "https:")
    refuse("The server address must use https://; Pilothouse never sends credentials over plain HTTP.");
  if (url.username !== "" || url.password !== "")
    refuse("The server address must not contain a user name or password.");
  if (url.search !== "" || url.hash !== "") refuse("The server address must not have a query or fragment.");
  return url;
}

async function resolveCandidates(
  hostname: string,
  subject: string,
  resolver: Resolver,
  refuse: (message: string) => never,
): Promise<string[]> {
  // The URL parser already turned 2130706433, 0x7f.1 and friends into dotted form; literals skip DNS.
  if (parseIp(hostname)) return [hostname];
  let answers: readonly ResolvedAddress[];
  try {
    answers = await resolver(hostname);
  } catch {
    return refuse(`${subject} ${hostname} could not be found in DNS. Check the address.`);
  }
  if (answers.length === 0) refuse(`${subject} ${hostname} has no address.`);
  return answers.map((answer) => answer.address);
}
