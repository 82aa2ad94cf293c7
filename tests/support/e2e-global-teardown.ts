import { dumpEveryDatabaseForCanary } from "./canary-dump";
import { e2eDatabaseUrl } from "./e2e-db";
import { stopTestIdp } from "./e2e-global-setup";
import { canaryDir } from "./secret-canary";

/** Runs before Playwright stops the webServer, so the server's database is still up to be dumped. */
export default async function globalTeardown() {
  await stopTestIdp();
  // Under `npm test`, every row the browser suite left is searched for the Secret canary (docs/security.md §7).
  if (canaryDir()) await dumpEveryDatabaseForCanary(e2eDatabaseUrl(), "e2e");
}
