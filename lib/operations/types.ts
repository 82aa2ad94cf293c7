/** What the operations answer on the wire (REST and server actions). Isomorphic. */
import type { TemplateChange } from "./template-diff";

export type RevisionCard = {
  revision: number;
  /** The ReplicaSet or ControllerRevision that holds it. */
  name: string;
  images: { container: string; image: string }[];
  changeCause: string | null;
  created: string | null;
  /** Pods still running this revision. */
  pods: number;
  current: boolean;
  /** Numbers this revision had before a rollback renumbered it. */
  formerRevisions: number[];
};

export type RevisionDiff = { from: number; to: number; changes: TemplateChange[]; yaml: string };

export type RollbackResult = {
  fromRevision: number | null;
  toRevision: number;
  dryRun: boolean;
  /** False when the workload already runs that revision: the request made no rollout. */
  changed: boolean;
  /** What the rollback changes (or, for a dry run, would change) in the pod template. */
  changes: TemplateChange[];
  resourceVersion: string;
};

/** A Secret as its metadata route shows it: key names and sizes, never a value. */
export type SecretMetadata = {
  namespace: string;
  name: string;
  type: string;
  keys: { name: string; bytes: number }[];
  resourceVersion: string;
  created: string | null;
  /** For kubernetes.io/tls: what the certificate says (public facts, not the key). */
  certificate?: CertificateFacts | null;
};

/** What a TLS certificate says about itself: public, shown so an expired one is seen before it bites. */
export type CertificateFacts = { subject: string; issuer: string; notAfter: string };

/** A typed Secret write's answer (or preview, for a dry run): key names only, never a value. */
export type SecretWriteResult = {
  created: boolean;
  keys: SecretKeyChanges;
  resourceVersion: string;
  dryRun: boolean;
  certificate?: CertificateFacts;
};

/** Which keys a Secret write changes: names only. */
export type SecretKeyChanges = { added: string[]; changed: string[]; removed: string[] };

export type YamlResult = {
  /** The object as the apiserver answered (or would answer, for a dry run), redacted. */
  object: Record<string, unknown>;
  /** A YAML diff from the live object to the answer (empty for create and delete). */
  diff: string;
  dryRun: boolean;
};

/** Per action the kind allows: may the viewer use it here, and if not, why (role or cluster RBAC). */
export type OperationAccess = Partial<
  Record<
    "scale" | "restart" | "rollback" | "pause" | "resume" | "setImage" | "delete" | "edit" | "reveal",
    { allowed: boolean; reason?: string }
  >
>;

/** May the viewer create this kind, and in which of the namespaces asked about (the role, then the cluster's RBAC). */
export type CreateAccess = { allowed: boolean; reason?: string; namespaces: string[] };
