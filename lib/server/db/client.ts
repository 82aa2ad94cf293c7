import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

/**
 * One PrismaClient per process. server.ts and Next's bundles load this module separately, so the
 * instance lives on globalThis (docs/architecture.md: singletons behind one getter).
 */
const globalForDb = globalThis as unknown as { pilothousePrisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (!globalForDb.pilothousePrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start Pilothouse through server.ts");
    const adapter = new PrismaPg({ connectionString, connectionTimeoutMillis: 5_000, max: 10 });
    globalForDb.pilothousePrisma = new PrismaClient({ adapter });
  }
  return globalForDb.pilothousePrisma;
}

export async function disconnectDb() {
  const client = globalForDb.pilothousePrisma;
  globalForDb.pilothousePrisma = undefined;
  await client?.$disconnect();
}
