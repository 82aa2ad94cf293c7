/**
 * Who may do what, in one table (`domain.verb` → roles). The UI hides or disables what `can()`
 * denies, saying why; the server enforces the same table in every handler and action.
 * Isomorphic: imported by components and by lib/server.
 */
export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const everyone: readonly Role[] = ROLES;
const editors: readonly Role[] = ["owner", "admin", "editor"];
const admins: readonly Role[] = ["owner", "admin"];
const owners: readonly Role[] = ["owner"];

export const PERMISSIONS = {
  "org.view": everyone,
  "org.rename": admins,
  "org.delete": owners,
  /** Restrict revealing Secret values to admins and owners (decision 0123). */
  "org.revealPolicy": owners,
  "members.view": everyone,
  "members.invite": admins,
  "members.changeRole": admins,
  "members.remove": admins,
  "audit.view": admins,
  "audit.export": admins,
  "tokens.manage": everyone,
  /** See and revoke every member's API tokens in the org. */
  "tokens.manageOrg": admins,
  "clusters.view": everyone,
  "clusters.manage": editors,
  "resources.view": everyone,
  "resources.scale": editors,
  "resources.restart": editors,
  "resources.rollback": editors,
  "resources.edit": editors,
  "resources.delete": editors,
  "logs.view": everyone,
  // Editors and above, as the issue for operations asks (docs/operations.md, "Secrets").
  "secrets.reveal": editors,
  /** Save list views and share them with the org (each member edits only their own). */
  "views.save": everyone,
  /** Delete another member's shared view (a stale or wrong one everyone sees in their sidebar). */
  "views.moderate": admins,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Why a control is disabled, in words for the UI. */
export function denialReason(permission: Permission): string {
  const roles = [...(PERMISSIONS[permission] as readonly Role[])];
  const last = roles.pop();
  return `Requires the ${roles.length > 0 ? `${roles.join(", ")} or ${last}` : last} role`;
}

/** Roles a member with `actor` may hand out: nobody grants more than they hold, only owners make owners. */
export function assignableRoles(actor: Role): Role[] {
  const rank = ROLES.indexOf(actor);
  return ROLES.filter((role) => ROLES.indexOf(role) >= rank);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
