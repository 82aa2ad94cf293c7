import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";
import { commaSeparated } from "../config/comma-separated";

/**
 * Who is calling, for rate limits and audit rows (docs/decisions/0060-trusted-proxies-and-client-address.md).
 * Behind a reverse proxy every request arrives from the proxy's address, so one attacker's failed
 * sign-ins would count against everyone. `X-Forwarded-For` names the real client, but anyone can
 * send it: it is read only when the peer is a proxy the operator listed in
 * PILOTHOUSE_TRUSTED_PROXIES, and then from the right, skipping hops that are themselves trusted.
 */

export const TRUSTED_PROXIES_ENV = "PILOTHOUSE_TRUSTED_PROXIES";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type TrustedProxies = readonly (readonly [Address, number])[];

/** Comma-separated CIDRs or addresses; empty means no proxy is trusted (the socket address is the client). */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  return commaSeparated(value).map((entry) => {
    try {
      return entry.includes("/") ? ipaddr.parseCIDR(entry) : whole(ipaddr.parse(entry));
    } catch {
      throw new AppError(
        "INVALID_INPUT",
        `${TRUSTED_PROXIES_ENV}: "${entry.slice(0, 64)}" is not an address or CIDR such as 10.0.0.0/8`,
        TRUSTED_PROXIES_ENV,
      );
    }
  });
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then the
 * right-most `X-Forwarded-For` entry that is not itself a trusted proxy. An entry that does not
 * parse stops the walk at the last hop we could vouch for.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string | null {
  const start = parse(peer);
  if (!start) return null;
  let client = start;
  if (!isTrusted(client, trusted)) return client.toString();
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").reverse();
  for (const hop of hops) {
    const address = parse(stripPort(hop.trim()));
    if (!address) break;
    client = address;
    if (!isTrusted(client, trusted)) break;
  }
  return client.toString();
}

/**
 * What a per-address rate limit counts: IPv4 addresses one by one, IPv6 by /64, since one
 * machine is routinely handed a whole /64 and could otherwise step through 2^64 "addresses".
 */
export function addressBucket(ip: string | null): string {
  const address = parse(ip ?? undefined);
  if (!address) return "unknown";
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(":")}::/64`;
}

function whole(address: Address): [Address, number] {
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

/** Parsed and normalized: an IPv4-mapped IPv6 peer (::ffff:10.0.0.1) is the IPv4 address it carries. */
function parse(text: string | undefined): Address | undefined {
  if (!text || !ipaddr.isValid(text)) return undefined;
  const address = ipaddr.parse(text);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

/** Some proxies append `1.2.3.4:5678` or `[2001:db8::1]:443`; the port is not part of the address. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4WithPort ? v4WithPort[1]! : hop;
}

function isTrusted(address: Address, trusted: TrustedProxies): boolean {
  return trusted.some(([network, bits]) => address.kind() === network.kind() && address.match(network, bits));
}
