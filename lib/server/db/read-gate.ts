import { Bulkhead } from "../k8s/bulkhead";

/**
 * Reads that come in bursts run a few at a time. After a restart every open page reconnects and
 * re-subscribes at once, and every live view re-reads its cluster; hundreds of reads each waiting
 * for one of the pool's 10 connections would fail after the pool's 5 s timeout
 * (lib/server/db/client.ts). Here they wait their turn in memory instead, and pages, server
 * actions and the API keep the rest of the pool.
 */
const BURST_READS_AT_ONCE = 4;

const burstReads = new Bulkhead(BURST_READS_AT_ONCE);

export function readInTurn<T>(read: () => Promise<T>): Promise<T> {
  return burstReads.run("database", read);
}
