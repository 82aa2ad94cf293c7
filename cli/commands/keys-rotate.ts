import { randomUUID } from "node:crypto";
import { rewrapAllCredentials } from "../../lib/server/clusters/key-rotation";
import { getKeyring } from "../../lib/server/clusters/credentials";
import { disconnectDb } from "../../lib/server/db/client";
import { prepareRuntime } from "../../lib/server/runtime";
import { parseFlags, withUsage } from "./args";

export const KEYS_ROTATE_USAGE = `usage: npm run cli -- keys rotate

Re-wraps every stored cluster credential under the current PILOTHOUSE_MASTER_KEY.
Rotate a master key in three steps:
  1. set PILOTHOUSE_MASTER_KEY to a new key (openssl rand -base64 32) and put the old one in
     PILOTHOUSE_PREVIOUS_MASTER_KEYS (comma-separated), then restart Pilothouse;
  2. run this command (each cluster is re-wrapped in its own transaction, audited as cluster.keys_rotate);
  3. once it reports no failures, remove the old key from PILOTHOUSE_PREVIOUS_MASTER_KEYS.`;

/** `keys rotate`: exit 0 when every credential is under the current key, 1 when some could not be opened. */
export function keysRotateCommand(args: string[]): Promise<number> {
  return withUsage(KEYS_ROTATE_USAGE, async () => {
    parseFlags(args, {});
    const runtime = await prepareRuntime({ migrate: true });
    try {
      const keyring = getKeyring();
      const requestId = randomUUID();
      const report = await rewrapAllCredentials({ keyring, requestId });
      console.log(
        `rewrapped ${report.rewrappedFields} credential field(s) in ${report.rewrappedClusters} of ${report.clusters} cluster(s) under key ${keyring.currentKeyId}`,
      );
      for (const failure of report.failed) {
        console.error(
          `could not re-wrap cluster "${failure.name}" (${failure.clusterId}): no key on the keyring opens it, or it was damaged`,
        );
      }
      if (report.failed.length > 0) console.error(`audit request id: ${requestId}`);
      return report.failed.length === 0 ? 0 : 1;
    } finally {
      await disconnectDb();
      await runtime.stop();
    }
  });
}
