import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/permissions";
import { projectRow } from "@/lib/resources/project";
import { findKind, KINDS, resourceName } from "@/lib/resources/registry";
import type { KindDefinition } from "@/lib/resources/types";
import { deepFrozen, readObjectFixtures } from "../support/object-fixtures";

const KINDS_DIRECTORY = path.join(process.cwd(), "lib", "resources", "kinds");
const kindFiles = readdirSync(KINDS_DIRECTORY).filter((file) => file.endsWith(".ts"));

function isDefinition(value: unknown): value is KindDefinition {
  return typeof value === "object" && value !== null && "toCells" in value && "columns" in value && "plural" in value;
}

/** "StatefulSet" → "stateful-set.ts" */
function fileNameOf(kind: string) {
  return `${kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}.ts`;
}

describe("the kind registry", () => {
  it("registers every kind file under lib/resources/kinds, and nothing else", async () => {
    const defined: KindDefinition[] = [];
    for (const file of kindFiles) {
      const exports = Object.values(await import(path.join(KINDS_DIRECTORY, file))).filter(isDefinition);
      expect(exports, `${file} exports one kind`).toHaveLength(1);
      defined.push(exports[0]!);
    }
    expect(new Set(defined)).toEqual(new Set(KINDS));
    expect(KINDS).toHaveLength(33);
  });

  it("names each file after its kind, in kebab-case", () => {
    expect(KINDS.map((kind) => fileNameOf(kind.kind)).sort()).toEqual([...kindFiles].sort());
  });

  it("gives every kind a unique kubectl-style name that findKind() knows", () => {
    const names = KINDS.map((kind) => resourceName(kind.group, kind.plural));
    expect(new Set(names).size).toBe(KINDS.length);
    for (const [index, name] of names.entries()) expect(findKind(name)).toBe(KINDS[index]);
    expect(findKind("horizontalpodautoscalers.autoscaling")?.versions).toEqual(["v2", "v2beta2", "v2beta1", "v1"]);
    expect(findKind("cronjobs.batch")?.versions).toEqual(["v1", "v1beta1"]);
  });

  it.each(KINDS.map((kind) => [kind.kind, kind] as const))(
    "%s declares versions, its own columns and a status",
    (_, kind) => {
      expect(kind.versions.length).toBeGreaterThan(0);
      for (const version of kind.versions) expect(version).toMatch(/^v\d+((alpha|beta)\d+)?$/);
      expect(kind.plural).toMatch(/^[a-z]+$/);
      const ids = kind.columns.map((column) => column.id);
      expect(new Set(ids).size, "column ids are unique").toBe(ids.length);
      expect(ids[0]).toBe("name");
      expect(ids.at(-1)).toBe("age");
      expect(ids.includes("namespace")).toBe(kind.namespaced);
      expect(ids.length, "at least one column of its own").toBeGreaterThan(kind.namespaced ? 3 : 2);
      expect(typeof kind.status).toBe("function");
      for (const permission of Object.values(kind.actions)) expect(Object.keys(PERMISSIONS)).toContain(permission);
    },
  );

  it("lets only Secrets be revealed, and only Secrets carry a redact()", () => {
    expect(KINDS.filter((kind) => kind.actions.reveal).map((kind) => kind.kind)).toEqual(["Secret"]);
    expect(KINDS.filter((kind) => kind.redact).map((kind) => kind.kind)).toEqual(["Secret"]);
  });

  it("is frozen, so no caller can change a kind for everyone", () => {
    for (const kind of KINDS) {
      expect(Object.isFrozen(kind)).toBe(true);
      expect(Object.isFrozen(kind.columns)).toBe(true);
    }
  });
});

describe("toCells() and status() are pure", () => {
  const fixtures = readObjectFixtures().filter((fixture) => findKind(fixture.resource));

  it("has recorded objects for every kind", () => {
    const covered = new Set(fixtures.filter((fixture) => fixture.items.length > 0).map((fixture) => fixture.resource));
    expect(KINDS.map((kind) => resourceName(kind.group, kind.plural)).filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(fixtures.map((fixture) => [fixture.resource, fixture] as const))(
    "%s: same input, same output, input untouched (frozen), cells are plain JSON",
    (name, fixture) => {
      const kind = findKind(name)!;
      for (const object of fixture.items) {
        const frozen = deepFrozen(object);
        const first = projectRow(kind, frozen);
        expect(first.status.label, `${object.metadata?.name} is readable`).not.toBe("Unreadable");
        expect(projectRow(kind, frozen)).toEqual(first);
        expect(frozen).toEqual(object);
        expect(JSON.parse(JSON.stringify(first.cells))).toEqual(first.cells);
        const { status: _status, ...rest } = first;
        expect(kind.status(deepFrozen(rest))).toEqual(first.status);
      }
    },
  );
});
