/**
 * Objects recorded from the seeded test cluster (tests/fixtures/objects/README.md): for each
 * resource, the objects and the apiserver's own table for them (kubectl's printer columns).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { KubeObject } from "@/lib/resources/types";

export type PrintedRow = { namespace?: string | null; name: string; cells: unknown[] };
export type ObjectFixture = {
  resource: string;
  apiVersion: string | null;
  printed: { columns: string[]; rows: PrintedRow[] };
  items: KubeObject[];
};

const DIRECTORY = path.join(process.cwd(), "tests", "fixtures", "objects");

export function readObjectFixtures(): ObjectFixture[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(DIRECTORY, file), "utf8")) as ObjectFixture);
}

export function readObjectFixture(resource: string): ObjectFixture {
  return JSON.parse(readFileSync(path.join(DIRECTORY, `${resource}.json`), "utf8")) as ObjectFixture;
}

/** The recorded object named `name` (and in `namespace`, when given); fails loudly when missing. */
export function recorded(resource: string, name: string | RegExp, namespace?: string): KubeObject {
  const found = readObjectFixture(resource).items.find(
    (item) =>
      (typeof name === "string" ? item.metadata?.name === name : name.test(item.metadata?.name ?? "")) &&
      (namespace === undefined || item.metadata?.namespace === namespace),
  );
  if (!found) throw new Error(`no recorded ${resource} named ${String(name)}`);
  return found;
}

/** A deep copy whose every object and array is frozen: a kind that writes to its input throws. */
export function deepFrozen<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    Object.freeze(node);
    for (const child of Object.values(node)) freeze(child);
  };
  freeze(copy);
  return copy;
}
