/**
 * Why a viewer may not see an object, as data the no-access page words (docs/resource-views.md,
 * "No access"). Isomorphic: the server decides, the page explains.
 */
import type { Role } from "@/lib/permissions";
import type { ResourceName } from "./types";

export type ObjectAccessDenial =
  /** Pilothouse's own role table refuses (lib/permissions.ts). */
  | { by: "role"; role: Role; reason: string }
  /** The cluster's RBAC refuses the identity that acts (stored credential, or the impersonated person). */
  | { by: "rbac"; identity: string; verbs: string[]; resource: ResourceName; namespace?: string };
