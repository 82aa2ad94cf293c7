import type { AuditAction } from "@/lib/audit-actions";
import type { Permission } from "@/lib/permissions";

/**
 * Every `/api/v1` route, its permission and (for mutations) its audit action. Route files look
 * their spec up here by key, and tests generate the role matrix, the cross-org checks and the
 * CSRF checks from this list; a route file that is not listed fails those tests.
 */
export const API_ROUTES = {
  "GET /api/v1/me": { permission: "org.view" },
  "GET /api/v1/members": { permission: "members.view" },
  "PATCH /api/v1/members/:id": {
    permission: "members.changeRole",
    audit: "member.role_change",
    resource: "membership",
  },
  "DELETE /api/v1/members/:id": { permission: "members.remove", audit: "member.remove", resource: "membership" },
  "GET /api/v1/invitations": { permission: "members.invite" },
  "POST /api/v1/invitations": { permission: "members.invite", audit: "invitation.create" },
  "DELETE /api/v1/invitations/:id": {
    permission: "members.invite",
    audit: "invitation.revoke",
    resource: "invitation",
  },
  "GET /api/v1/tokens": { permission: "tokens.manage" },
  // A token never mints a token: a leaked one cannot make itself a successor (sessions only).
  "POST /api/v1/tokens": { permission: "tokens.manage", audit: "token.create", sessionOnly: true },
  "DELETE /api/v1/tokens/:id": { permission: "tokens.manage", audit: "token.revoke", resource: "apiToken" },
  "GET /api/v1/org-tokens": { permission: "tokens.manageOrg" },
  "DELETE /api/v1/org-tokens/:id": { permission: "tokens.manageOrg", audit: "token.revoke", resource: "apiToken" },
  "GET /api/v1/audit": { permission: "audit.view" },
  "GET /api/v1/clusters": { permission: "clusters.view" },
  "POST /api/v1/clusters": { permission: "clusters.manage", audit: "cluster.create" },
  "GET /api/v1/clusters/connectors/eks/external-id": { permission: "clusters.manage" },
  "POST /api/v1/clusters/test": { permission: "clusters.manage", audit: "cluster.test" },
  "GET /api/v1/clusters/:id": { permission: "clusters.view", resource: "cluster" },
  "PATCH /api/v1/clusters/:id": { permission: "clusters.manage", audit: "cluster.update", resource: "cluster" },
  "DELETE /api/v1/clusters/:id": { permission: "clusters.manage", audit: "cluster.delete", resource: "cluster" },
  "GET /api/v1/clusters/:id/kinds": { permission: "resources.view", resource: "cluster" },
  "GET /api/v1/clusters/:id/resources/:resource": { permission: "resources.view", resource: "cluster" },
  "GET /api/v1/clusters/:id/resources/:resource/:namespace/:name": {
    permission: "resources.view",
    resource: "cluster",
  },
  // Operations (docs/operations.md). The kind's own permission is enforced again per object.
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/scale": {
    permission: "resources.scale",
    audit: "workload.scale",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/restart": {
    permission: "resources.restart",
    audit: "workload.restart",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/pause": {
    permission: "resources.edit",
    audit: "workload.pause",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/resume": {
    permission: "resources.edit",
    audit: "workload.resume",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/image": {
    permission: "resources.edit",
    audit: "workload.set_image",
    resource: "cluster",
  },
  "GET /api/v1/clusters/:id/workloads/:kind/:namespace/:name/revisions": {
    permission: "resources.view",
    resource: "cluster",
  },
  "GET /api/v1/clusters/:id/workloads/:kind/:namespace/:name/revisions/diff": {
    permission: "resources.view",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/rollback": {
    permission: "resources.rollback",
    audit: "workload.rollback",
    resource: "cluster",
  },
  "GET /api/v1/clusters/:id/secrets/:namespace/:name": { permission: "resources.view", resource: "cluster" },
  "PUT /api/v1/clusters/:id/secrets/:namespace/:name": {
    permission: "resources.edit",
    audit: "secret.write",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/secrets/:namespace/:name/reveal": {
    permission: "secrets.reveal",
    audit: "secret.reveal",
    resource: "cluster",
  },
  "PUT /api/v1/clusters/:id/resources/:resource/:namespace/:name": {
    permission: "resources.edit",
    audit: "resource.update",
    resource: "cluster",
  },
  "POST /api/v1/clusters/:id/resources/:resource/:namespace/:name": {
    permission: "resources.edit",
    audit: "resource.create",
    resource: "cluster",
  },
  "DELETE /api/v1/clusters/:id/resources/:resource/:namespace/:name": {
    permission: "resources.delete",
    audit: "resource.delete",
    resource: "cluster",
  },
  "GET /api/v1/clusters/:id/pods/:namespace/:name/log": { permission: "logs.view", resource: "cluster" },
  "GET /api/v1/clusters/:id/pods/:namespace/:name/containers": { permission: "logs.view", resource: "cluster" },
  "GET /api/v1/clusters/:id/timeline": { permission: "resources.view", resource: "cluster" },
  "GET /api/v1/clusters/:id/events": { permission: "resources.view", resource: "cluster" },
  "GET /api/v1/views": { permission: "resources.view" },
  "POST /api/v1/views": { permission: "views.save", audit: "view.create" },
  "GET /api/v1/views/:id": { permission: "resources.view", resource: "savedView" },
  "PATCH /api/v1/views/:id": { permission: "views.save", audit: "view.update", resource: "savedView" },
  "DELETE /api/v1/views/:id": { permission: "views.save", audit: "view.delete", resource: "savedView" },
} as const satisfies Record<string, RouteSpec>;

export type RouteKey = keyof typeof API_ROUTES;

/** What an `:id` in the path names; tests use it to build a foreign org's object of that type. */
export type RouteResource = "membership" | "invitation" | "apiToken" | "cluster" | "savedView";

export type RouteSpec = {
  permission: Permission;
  audit?: AuditAction;
  resource?: RouteResource;
  /** Refused to API tokens (403, audited as denied): only a signed-in browser session may call it. */
  sessionOnly?: boolean;
};
