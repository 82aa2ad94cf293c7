import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's migrate commands need a native schema engine that is downloaded from a host we cannot
// reach. Our stand-in drives Prisma's own WASM engine instead (docs/decisions/0002).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/prisma-schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    // `prisma generate` needs no database; migrate commands get the URL from the app (lib/server/db/migrate.ts).
    url: process.env.DATABASE_URL ?? "postgresql://unset@localhost:5432/unset",
  },
});
