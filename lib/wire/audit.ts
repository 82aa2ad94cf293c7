/**
 * Wire shapes shared by the server (API, exports) and the browser (the Audit page): defined once,
 * isomorphic, so the page and the API cannot drift apart.
 */
export type AuditOutcomeLabel = "success" | "failure" | "denied" | "pending";

/** One event with its outcome, as plain strings: the shape of the API, the exports and the page. */
export type AuditRow = {
  id: string;
  time: string;
  actorType: string;
  actorUserId: string | null;
  actorEmail: string | null;
  clusterId: string | null;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  action: string;
  summary: string | null;
  /** `pending` until the outcome row exists (the action is running, or the process died mid-way). */
  outcome: AuditOutcomeLabel;
  outcomeDetail: string | null;
  outcomeTime: string | null;
  requestId: string;
  ip: string | null;
};
