import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/server/api/registry";

const API_ROOT = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every (method, path) exported by a route file under app/api/v1, e.g. "PATCH /api/v1/members/:id". */
function discoverRoutes(directory = API_ROOT): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return discoverRoutes(full);
    if (entry.name !== "route.ts") return [];
    const urlPath =
      "/" + path.relative(path.join(process.cwd(), "app"), path.dirname(full)).replace(/\[(\w+)\]/g, ":$1");
    const source = readFileSync(full, "utf8");
    return METHODS.filter((method) => new RegExp(`export const ${method}\\b`).test(source)).map(
      (method) => `${method} ${urlPath}`,
    );
  });
}

describe("the /api/v1 route registry", () => {
  it("lists exactly the routes that exist, so the role, cross-org and CSRF matrices cover every one", () => {
    expect(discoverRoutes().sort()).toEqual(Object.keys(API_ROUTES).sort());
  });

  it("wraps every route handler in apiRoute with its own key", () => {
    for (const key of Object.keys(API_ROUTES)) {
      const [method, urlPath] = key.split(" ") as [string, string];
      const file = path.join(process.cwd(), "app", urlPath.replace(/:(\w+)/g, "[$1]"), "route.ts");
      expect(readFileSync(file, "utf8"), key).toMatch(
        new RegExp(`export const ${method} = apiRoute(<[^>]*>)?\\(\\s*"${key}"`),
      );
    }
  });

  it("names the resource of every route with an :id, so the cross-org test can build a foreign one", () => {
    for (const [key, spec] of Object.entries(API_ROUTES)) {
      if (key.includes(":id")) expect("resource" in spec, key).toBe(true);
    }
  });
});
