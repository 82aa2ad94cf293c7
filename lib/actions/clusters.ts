"use server";

import { z } from "zod";
import { AppError, toErrorBody, type ErrorBody } from "@/lib/errors";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import type { OrgContext } from "@/lib/server/auth/actor";
import { describeEksAssumeRoleSetup } from "@/lib/server/cloud/external-id";
import { checkCluster } from "@/lib/server/clusters/health";
import type { ProbeResult } from "@/lib/server/clusters/probe";
import {
  addCluster,
  deleteCluster,
  getClusterOrThrow,
  testClusterSource,
  updateCluster,
  type ClusterView,
} from "@/lib/server/clusters/service";
import { listContexts, parseKubeconfig, sanitizeContext } from "@/lib/server/k8s/kubeconfig";
import { log } from "@/lib/server/logger";
import { addConnectorClusterSchema, clusterNameSchema, clusterSourceSchema } from "@/lib/validations/clusters";

// The exact 64 KiB limit (and its message) belongs to parseKubeconfig; this only stops absurd bodies early.
const kubeconfigText = z
  .string()
  .min(1, "is required")
  .max(256 * 1024, "is too large");
const clusterId = z.string().min(1, "is required").max(64);
const tokenForm = z.object({
  name: clusterNameSchema,
  server: z.string().trim().min(1, "is required"),
  certificateAuthority: z.string().trim().optional(),
  token: z.string().trim().min(1, "is required").max(16_384, "is too long"),
});

const listContextsInput = z.object({ kubeconfig: kubeconfigText });
const addClustersInput = z.union([
  z.object({
    kubeconfig: kubeconfigText,
    contexts: z
      .array(z.object({ context: z.string().min(1, "is required"), name: clusterNameSchema }))
      .min(1, "pick at least one context")
      .max(25, "add at most 25 clusters at once"),
  }),
  tokenForm,
]);
const renameInput = z.object({ id: clusterId, name: clusterNameSchema });
const rotateInput = z.object({ id: clusterId, credential: clusterSourceSchema });
const impersonationInput = z.object({ id: clusterId, impersonate: z.boolean() });
const deleteInput = z.object({ id: clusterId });

export type KubeconfigContextOption = {
  name: string;
  current: boolean;
  /** Where this context points; only for usable contexts. */
  server?: string;
  problem?: { message: string; path: string };
};

export type AddClusterOutcome =
  | { ok: true; context: string | null; name: string; cluster: ClusterView }
  | ({ ok: false; context: string | null; name: string } & ErrorBody);

export type ClusterTestResult = ProbeResult;

/** The contexts of a pasted kubeconfig, each vetted: usable ones name their server, the rest say why not. */
export const listKubeconfigContextsAction = defineOrgAction(
  { permission: "clusters.manage", input: listContextsInput },
  async (_context, input): Promise<KubeconfigContextOption[]> => contextOptions(input.kubeconfig),
);

/** Reachable? Version, latency, what the credential may do. Stores nothing. */
export const testClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: clusterSourceSchema },
  (context, input): Promise<ClusterTestResult> => testClusterSource(context.orgId, input),
);

/** One cluster through a cloud connector (EKS, GKE, AKS); its first health check starts at once. */
export const addConnectorClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: addConnectorClusterSchema, audit: "cluster.create" },
  async (context, input) => {
    const cluster = await addCluster(context, input);
    await checkSoon(context, cluster.id);
    return cluster;
  },
);

/** The org's ExternalId and the trust policy to paste for an EKS AssumeRole connector. */
export const eksAssumeRoleSetupAction = defineOrgAction(
  { permission: "clusters.manage", input: z.object({}) },
  (context) => describeEksAssumeRoleSetup(context.orgId),
);

/** One kubeconfig, several contexts: one registration each, each with its own outcome. */
export const addClustersAction = defineOrgAction(
  { permission: "clusters.manage", input: addClustersInput, audit: "cluster.create" },
  (context, input) => addEach(context, input),
);

export const renameClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: renameInput, audit: "cluster.update" },
  (context, input) => updateCluster(context, input.id, { name: input.name }),
);

export const rotateClusterCredentialAction = defineOrgAction(
  { permission: "clusters.manage", input: rotateInput, audit: "cluster.update" },
  async (context, input) => {
    const cluster = await updateCluster(context, input.id, { credential: input.credential });
    await checkSoon(context, cluster.id);
    return cluster;
  },
);

/** Act as each person (impersonation) or as the stored credential; refused unless the credential may impersonate. */
export const setClusterImpersonationAction = defineOrgAction(
  { permission: "clusters.manage", input: impersonationInput, audit: "cluster.update" },
  (context, input) => updateCluster(context, input.id, { impersonate: input.impersonate }),
);

/** Deleting the row destroys the only (encrypted) copy of the credential. */
export const deleteClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: deleteInput, audit: "cluster.delete" },
  async (context, input) => {
    await deleteCluster(context, input.id);
    return { id: input.id };
  },
);

function contextOptions(kubeconfig: string): KubeconfigContextOption[] {
  const parsed = parseKubeconfig(kubeconfig);
  if (parsed.contexts.length === 0)
    throw new AppError("INVALID_INPUT", "contexts: the kubeconfig has no contexts", "contexts");
  return listContexts(parsed).map((choice) => ({
    name: choice.name,
    current: choice.current,
    ...(choice.problem
      ? { problem: { message: choice.problem.message, path: choice.problem.path } }
      : { server: sanitizeContext(parsed, choice.name).server }),
  }));
}

async function addEach(context: OrgContext, input: z.infer<typeof addClustersInput>): Promise<AddClusterOutcome[]> {
  if (!("kubeconfig" in input)) return [await addOne(context, null, input)];
  const outcomes: AddClusterOutcome[] = [];
  // One at a time, so two contexts given the same name get a clean CONFLICT instead of a race.
  for (const choice of input.contexts) {
    outcomes.push(
      await addOne(context, choice.context, {
        name: choice.name,
        kubeconfig: input.kubeconfig,
        context: choice.context,
      }),
    );
  }
  return outcomes;
}

async function addOne(
  context: OrgContext,
  contextName: string | null,
  input: Parameters<typeof addCluster>[1],
): Promise<AddClusterOutcome> {
  try {
    const cluster = await addCluster(context, input);
    await checkSoon(context, cluster.id);
    return { ok: true, context: contextName, name: cluster.name, cluster };
  } catch (error) {
    if (!(error instanceof AppError))
      log.error("adding a cluster failed", { requestId: context.requestId, error: String(error) });
    return { ok: false, context: contextName, name: input.name, ...toErrorBody(error, context.requestId) };
  }
}

/** The monitor would only look at a new credential on its next sweep; check now so open pages update in seconds. */
async function checkSoon(context: OrgContext, id: string) {
  const row = await getClusterOrThrow(context.orgId, id);
  void checkCluster(row).catch((error: unknown) =>
    log.warn("first health check failed", { clusterId: id, error: String(error) }),
  );
}
