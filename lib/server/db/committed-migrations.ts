import { readdirSync } from "node:fs";

/**
 * Names of the committed migrations, in order. Kept apart from migrate.ts so Next never bundles
 * Prisma's CLI; the literal path (relative to the project root, the working directory) lets the
 * bundler trace just this folder.
 */
export function listCommittedMigrations(): string[] {
  return readdirSync("./prisma/migrations", { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
