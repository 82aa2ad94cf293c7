import path from "node:path";
import { type Config, type Environment, parseConfig } from "./config/env";
import { ensureLocalSecrets } from "./config/local-secrets";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "./db/embedded-postgres";
import { applyMigrations } from "./db/migrate";
import { log } from "./logger";

export type Runtime = {
  config: Config;
  embeddedDatabase?: EmbeddedDatabase;
  /** Stop what prepareRuntime started (the embedded database). */
  stop: () => Promise<void>;
};

type Options = { migrate?: boolean; environment?: Environment };

/**
 * Everything that must be true before Pilothouse serves a request: valid configuration, local
 * secrets (local mode), a database (embedded when DATABASE_URL is unset) and applied migrations.
 * Throws ConfigError for bad configuration; the caller prints it without a stack trace.
 */
export async function prepareRuntime({ migrate = true, environment = process.env }: Options = {}): Promise<Runtime> {
  const config = parseConfig(environment);
  if (config.PILOTHOUSE_MODE === "local") provideLocalSecrets(config.dataDir, environment);
  const embeddedDatabase = config.embeddedDatabase ? await startLocalDatabase(config, environment) : undefined;
  const databaseUrl = embeddedDatabase?.url ?? config.DATABASE_URL!;
  environment.DATABASE_URL = databaseUrl;
  try {
    if (migrate) {
      await applyMigrations(databaseUrl);
      log.info("database migrations applied");
    }
  } catch (error) {
    await embeddedDatabase?.stop();
    throw error;
  }
  return { config, embeddedDatabase, stop: async () => embeddedDatabase?.stop() };
}

/** Local mode only: production must be given its secrets, and parseConfig says which are missing. */
function provideLocalSecrets(dataDir: string, environment: Environment) {
  const generated = ensureLocalSecrets(dataDir, environment);
  if (generated.length > 0) {
    log.info("local mode: generated secrets into the data directory (mode 0600)", {
      file: path.join(dataDir, "secrets.json"),
      secrets: generated.join(","),
    });
  }
}

async function startLocalDatabase(config: Config, environment: Environment) {
  const started = Date.now();
  const database = await startEmbeddedPostgres({
    directory: path.join(config.dataDir, "postgres"),
    password: environment.EMBEDDED_POSTGRES_PASSWORD!,
    database: "pilothouse",
    verbose: config.LOG_LEVEL === "debug",
  });
  log.info("embedded PostgreSQL started", { port: database.port, ms: Date.now() - started });
  return database;
}
