/**
 * The client address behind reverse proxies (docs/decisions/0060): X-Forwarded-For counts only
 * when the peer is a trusted proxy, and is read from the right, so a client cannot pick its own
 * address; rate limits count IPv6 clients by /64.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { addressBucket, clientAddress, parseTrustedProxies } from "@/lib/server/http/client-address";

const PROXIES = parseTrustedProxies("10.0.0.0/8, 192.0.2.1, fd00::/8");

describe("clientAddress", () => {
  it.each([
    ["no proxy trusted: the peer, whatever the header says", "10.1.1.1", "198.51.100.9", "", "10.1.1.1"],
    ["an untrusted peer cannot name another client", "203.0.113.5", "198.51.100.9", undefined, "203.0.113.5"],
    ["a trusted proxy: the address it appended", "10.1.1.1", "198.51.100.9", undefined, "198.51.100.9"],
    ["a spoofed left part is ignored", "10.1.1.1", "1.2.3.4, 198.51.100.9", undefined, "198.51.100.9"],
    [
      "several trusted hops are skipped",
      "10.1.1.1",
      "6.6.6.6, 198.51.100.9, 10.2.2.2, 192.0.2.1",
      undefined,
      "198.51.100.9",
    ],
    ["all hops trusted: the left-most", "10.1.1.1", "10.3.3.3, 10.2.2.2", undefined, "10.3.3.3"],
    ["no header from a trusted proxy: the proxy", "10.1.1.1", undefined, undefined, "10.1.1.1"],
    ["an IPv4-mapped peer is its IPv4", "::ffff:10.1.1.1", "198.51.100.9", undefined, "198.51.100.9"],
    ["ports and brackets are dropped", "10.1.1.1", "[2001:db8::7]:443", undefined, "2001:db8::7"],
    ["an IPv4 hop with a port", "10.1.1.1", "198.51.100.9:5555", undefined, "198.51.100.9"],
    ["garbage stops the walk at the last hop vouched for", "10.1.1.1", "198.51.100.9, nonsense", undefined, "10.1.1.1"],
    ["an IPv6 proxy", "fd00::1", "2001:db8::1", undefined, "2001:db8::1"],
  ])("%s", (_label, peer, forwardedFor, trusted, expected) => {
    const proxies = trusted === "" ? parseTrustedProxies(undefined) : PROXIES;
    expect(clientAddress(peer, forwardedFor, proxies)).toBe(expected);
  });

  it("reads a header sent several times (node joins them) as one list", () => {
    expect(clientAddress("10.1.1.1", ["1.2.3.4", "198.51.100.9"], PROXIES)).toBe("198.51.100.9");
  });

  it("has no address without a peer", () => {
    expect(clientAddress(undefined, "198.51.100.9", PROXIES)).toBeNull();
  });
});

describe("parseTrustedProxies", () => {
  it.each(["banana", "10.0.0.0/33", "10.0.0.0/8/1"])("refuses %s, naming the variable", (value) => {
    let error: unknown;
    try {
      parseTrustedProxies(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).path).toBe("PILOTHOUSE_TRUSTED_PROXIES");
  });
});

describe("addressBucket", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:db8:1:3::1", "2001:db8:1:3::/64"],
    [null, "unknown"],
    ["unknown", "unknown"],
  ])("%s counts as %s", (ip, bucket) => {
    expect(addressBucket(ip)).toBe(bucket);
  });
});
