"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import { describeEksAssumeRoleSetup } from "@/lib/server/cloud/external-id";
import { testClusterSource } from "@/lib/server/clusters/connection-test";
import { checkClusterNow } from "@/lib/server/clusters/health";
import {
  addClusterFromForm,
  addClustersFromKubeconfig,
  checkClusterSoon,
  kubeconfigContextOptions,
  type KubeconfigContextOption,
} from "@/lib/server/clusters/intake";
import type { ProbeResult } from "@/lib/server/clusters/probe";
import { addCluster, deleteCluster, getClusterOrThrow, updateCluster } from "@/lib/server/clusters/service";
import { addConnectorClusterSchema, clusterNameSchema, clusterSourceSchema } from "@/lib/validations/clusters";

export type { AddClusterOutcome, KubeconfigContextOption } from "@/lib/server/clusters/intake";
export type { EksAssumeRoleSetup } from "@/lib/server/cloud/external-id";

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
const addClustersInput = z.intersection(
  // Set after the person confirmed "add anyway" for a server already registered with this credential.
  z.object({ allowDuplicates: z.boolean().optional() }),
  z.union([
    z.object({
      kubeconfig: kubeconfigText,
      contexts: z
        .array(z.object({ context: z.string().min(1, "is required"), name: clusterNameSchema }))
        .min(1, "pick at least one context")
        .max(25, "add at most 25 clusters at once"),
    }),
    tokenForm,
  ]),
);
const renameInput = z.object({ id: clusterId, name: clusterNameSchema });
const rotateInput = z.object({ id: clusterId, credential: clusterSourceSchema });
const impersonationInput = z.object({ id: clusterId, impersonate: z.boolean() });
const deleteInput = z.object({ id: clusterId });
const checkNowInput = z.object({ id: clusterId });

export type ClusterTestResult = ProbeResult;

/** The contexts of a pasted kubeconfig, each vetted: usable ones name their server, the rest say why not. */
export const listKubeconfigContextsAction = defineOrgAction(
  { permission: "clusters.manage", input: listContextsInput },
  async (_context, input): Promise<KubeconfigContextOption[]> => kubeconfigContextOptions(input.kubeconfig),
);

/** Reachable? Version, latency, what the credential may do. Stores nothing. */
export const testClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: clusterSourceSchema, audit: "cluster.test" },
  (context, input): Promise<ClusterTestResult> => testClusterSource(context, input),
);

/** One cluster through a cloud connector (EKS, GKE, AKS); its first health check starts at once. */
export const addConnectorClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: addConnectorClusterSchema, audit: "cluster.create" },
  async (context, input) => {
    const cluster = await addCluster(context, input, { allowDuplicate: input.allowDuplicate === true });
    await checkClusterSoon(context, cluster.id);
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
  (context, input) => {
    const options = { allowDuplicate: input.allowDuplicates === true };
    return "kubeconfig" in input
      ? addClustersFromKubeconfig(context, input, options)
      : addClusterFromForm(context, input, options);
  },
);

export const renameClusterAction = defineOrgAction(
  { permission: "clusters.manage", input: renameInput, audit: "cluster.update" },
  (context, input) => updateCluster(context, input.id, { name: input.name }),
);

export const rotateClusterCredentialAction = defineOrgAction(
  { permission: "clusters.manage", input: rotateInput, audit: "cluster.update" },
  async (context, input) => {
    const cluster = await updateCluster(context, input.id, { credential: input.credential });
    await checkClusterSoon(context, cluster.id);
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

/**
 * "Check now": probe one cluster at once and return its health. Viewing permission is enough and
 * it is not audited: it changes nothing (docs/decisions/0070-health-half-open-and-check-now.md).
 */
export const checkClusterNowAction = defineOrgAction(
  { permission: "clusters.view", input: checkNowInput },
  async (context, input) => checkClusterNow(await getClusterOrThrow(context.orgId, input.id)),
);
