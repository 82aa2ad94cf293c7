import { describe, expect, it } from "vitest";
import { assignableRoles, can, denialReason, PERMISSIONS, ROLES } from "@/lib/permissions";

describe("the permission table", () => {
  it("grants every permission to owners and nothing to a missing role", () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(can("owner", permission), permission).toBe(true);
      expect(can(null, permission), permission).toBe(false);
    }
  });

  it("is monotonic: a higher role can do everything a lower one can", () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      const allowed = ROLES.map((role) => can(role, permission));
      // ROLES is ordered owner → viewer, so once a role is denied every lower one is too.
      expect(allowed, permission).toEqual([...allowed].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it("says who may, in words", () => {
    expect(denialReason("clusters.manage")).toBe("Requires the owner, admin or editor role");
    expect(denialReason("audit.view")).toBe("Requires the owner or admin role");
    expect(denialReason("org.delete")).toBe("Requires the owner role");
  });

  it("never lets anyone grant a role above their own", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "editor", "viewer"]);
    expect(assignableRoles("admin")).toEqual(["admin", "editor", "viewer"]);
    expect(assignableRoles("viewer")).toEqual(["viewer"]);
  });
});
