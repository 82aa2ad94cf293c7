import { getConfig } from "../config/env";
import { log } from "../logger";
import type { MintedToken } from "./connector-types";

/**
 * Minted cloud tokens, one per (cluster, credential version), refreshed before they expire
 * (docs/cloud-clusters.md). Requests read the current token; a token due for refresh is still
 * handed out while one new token is minted in the background, so a slow token endpoint never
 * stalls cluster calls. A failed mint is remembered briefly, so a rejected credential does not
 * send every request to the cloud again.
 */

/** Never refresh earlier than this before expiry: enough for a request to reach the cluster. */
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;
/** How long a failed mint answers for itself before the next attempt. */
const FAILURE_MEMORY_MS = 10_000;
/** A token the cluster refuses is dropped only once it is this old (an unmapped identity would otherwise mint on every call). */
const MIN_AGE_TO_DROP_MS = 30_000;

type Held = MintedToken & { issuedAt: number; refreshAt: number };
type Entry = { current?: Held; pending?: Promise<Held>; failure?: { error: unknown; at: number } };

const globalForTokens = globalThis as unknown as { pilothouseCloudTokens?: Map<string, Entry> };
const entries: Map<string, Entry> = (globalForTokens.pilothouseCloudTokens ??= new Map());

export type TokenSource = {
  /** The token to send now. */
  token(): Promise<string>;
  /** The cluster answered 401 to this token: stop using it (the next mint says why, in the cloud's words). */
  rejected(token: string): void;
};

/**
 * A token source for `key` (`<clusterId>:<credentialVersion>`); without a key (a connection test
 * before anything is stored) the tokens live only as long as the source.
 */
export function cachedTokenSource(key: string | undefined, mint: () => Promise<MintedToken>): TokenSource {
  const entry = key === undefined ? {} : entryFor(key);
  return {
    token: () => currentToken(entry, mint),
    rejected(token) {
      const current = entry.current;
      if (current?.token === token && Date.now() - current.issuedAt >= MIN_AGE_TO_DROP_MS) entry.current = undefined;
    },
  };
}

/** Drop every token of a cluster (rotation, deletion). */
export function forgetClusterTokens(clusterId: string) {
  for (const key of [...entries.keys()]) if (key.startsWith(`${clusterId}:`)) entries.delete(key);
}

/** When to refresh: a quarter of the lifetime early, at most five minutes; the operator's cap applies first. */
export function planRefresh(minted: MintedToken, issuedAt: number, maxAgeMs?: number): Held {
  const expiresAt = maxAgeMs === undefined ? minted.expiresAt : Math.min(minted.expiresAt, issuedAt + maxAgeMs);
  const margin = Math.min(MAX_REFRESH_MARGIN_MS, Math.max(0, expiresAt - issuedAt) / 4);
  return { token: minted.token, expiresAt, issuedAt, refreshAt: expiresAt - margin };
}

// ---------------------------------------------------------------------------------------------

function entryFor(key: string): Entry {
  const existing = entries.get(key);
  if (existing) return existing;
  // A new credential version makes the cluster's older tokens unreachable: drop them.
  forgetClusterTokens(key.slice(0, key.lastIndexOf(":")));
  const entry: Entry = {};
  entries.set(key, entry);
  return entry;
}

async function currentToken(entry: Entry, mint: () => Promise<MintedToken>): Promise<string> {
  const now = Date.now();
  const current = entry.current;
  if (current && now < current.refreshAt) return current.token;
  if (current && now < current.expiresAt) {
    if (!entry.pending && !recentlyFailed(entry, now)) {
      refresh(entry, mint).catch(() => log.warn("a cloud token refresh failed; the current token stays in use"));
    }
    return current.token;
  }
  if (entry.pending) return (await entry.pending).token;
  if (entry.failure && recentlyFailed(entry, now)) throw entry.failure.error;
  return (await refresh(entry, mint)).token;
}

function recentlyFailed(entry: Entry, now: number): boolean {
  return entry.failure !== undefined && now - entry.failure.at < FAILURE_MEMORY_MS;
}

function refresh(entry: Entry, mint: () => Promise<MintedToken>): Promise<Held> {
  const issuedAt = Date.now();
  const maxAgeSeconds = getConfig().PILOTHOUSE_CLOUD_TOKEN_MAX_AGE;
  const pending = mint().then(
    (minted) => {
      const held = planRefresh(minted, issuedAt, maxAgeSeconds === undefined ? undefined : maxAgeSeconds * 1000);
      entry.current = held;
      entry.failure = undefined;
      return held;
    },
    (error: unknown) => {
      entry.failure = { error, at: Date.now() };
      throw error;
    },
  );
  entry.pending = pending;
  const clear = () => {
    if (entry.pending === pending) entry.pending = undefined;
  };
  pending.then(clear, clear);
  return pending;
}
