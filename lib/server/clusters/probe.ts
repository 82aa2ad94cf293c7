import { AppError } from "@/lib/errors";
import { reviewAccess } from "../k8s/access-review";
import type { ClusterConnection } from "../k8s/connection";
import { callCluster } from "../k8s/request";

/** What Pilothouse may do with a credential, asked of the cluster itself (SelfSubjectAccessReview). */
const ACCESS_CHECKS = [
  { label: "list pods", verb: "list", resource: "pods" },
  { label: "read logs", verb: "get", resource: "pods", subresource: "log" },
  { label: "scale deployments", verb: "patch", group: "apps", resource: "deployments" },
  { label: "read secrets", verb: "get", resource: "secrets" },
  { label: "impersonate users", verb: "impersonate", resource: "users" },
] as const;

export type AccessCheck = { label: string; allowed: boolean };

export type ProbeResult = {
  reachable: true;
  version: string;
  latencyMs: number;
  access: AccessCheck[];
  /** Rules the cluster lists for the namespace (SelfSubjectRulesReview), summarised as "verbs on resources". */
  rules: string[];
  rulesIncomplete: boolean;
};

type VersionInfo = { gitVersion?: string };

/** A real /version answer is about 400 bytes. */
const VERSION_MAX_BYTES = 16 * 1024;
/** Rules for one namespace; only the first 50 are shown, and a busy namespace's list stays well below this. */
const RULES_REVIEW_MAX_BYTES = 256 * 1024;
type RulesReview = {
  status?: { resourceRules?: { verbs?: string[]; resources?: string[]; apiGroups?: string[] }[]; incomplete?: boolean };
};

/** Reachable? Which version, how fast, and what may this identity do? */
export async function probeCluster(connection: ClusterConnection, namespace = "default"): Promise<ProbeResult> {
  const started = performance.now();
  const version = await callCluster<VersionInfo>(connection, {
    path: "/version",
    timeoutMs: 10_000,
    maxBytes: VERSION_MAX_BYTES,
  });
  const latencyMs = Math.round(performance.now() - started);
  if (typeof version.gitVersion !== "string")
    throw new AppError("CLUSTER_UNREACHABLE", "The server did not answer like a Kubernetes API server.");
  const [access, rules] = await Promise.all([checkAccess(connection, namespace), reviewRules(connection, namespace)]);
  return { reachable: true, version: version.gitVersion, latencyMs, access, ...rules };
}

async function checkAccess(connection: ClusterConnection, namespace: string): Promise<AccessCheck[]> {
  return Promise.all(
    ACCESS_CHECKS.map(async ({ label, ...attributes }) => ({
      label,
      allowed: await reviewAccess(connection, {
        ...attributes,
        ...(attributes.resource !== "users" && { namespace }),
      }),
    })),
  );
}

async function reviewRules(connection: ClusterConnection, namespace: string) {
  const review = await callCluster<RulesReview>(connection, {
    path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
    method: "POST",
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace } },
    maxBytes: RULES_REVIEW_MAX_BYTES,
  });
  const rules = (review.status?.resourceRules ?? [])
    .slice(0, 50)
    .map((rule) => `${(rule.verbs ?? []).join(",")} on ${(rule.resources ?? []).join(",") || "-"}`);
  return { rules, rulesIncomplete: review.status?.incomplete === true };
}
