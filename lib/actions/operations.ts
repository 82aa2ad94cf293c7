"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/server/actions/define-action";
import { describeAccess, describeCreateAccess } from "@/lib/server/operations/access";
import { revealPolicyInput, setRevealRole } from "@/lib/server/operations/reveal-policy";
import { createInCluster, deleteObject, manifestInput, updateFromYaml } from "@/lib/server/operations/resource-yaml";
import { diffRevisions, listRevisions, rollbackInput, rollbackWorkload } from "@/lib/server/operations/revisions";
import {
  getSecretMetadata,
  revealInput,
  revealSecretKey,
  secretWriteInput,
  writeSecret,
} from "@/lib/server/operations/secrets";
import {
  describePaused,
  describeScale,
  imageInput,
  restartInput,
  restartWorkload,
  scaleInput,
  scaleWorkload,
  setImage,
  setPaused,
} from "@/lib/server/operations/workload-actions";
import { createPlace, objectTarget as target } from "@/lib/validations/operations";

// Every action below names "resources.view" here; the operation itself then enforces the kind's
// own permission (resources.scale, secrets.reveal, …) and audits a refusal (docs/operations.md).
const view = "resources.view" as const;

export const operationAccessAction = defineOrgAction({ permission: view, input: target }, (context, input) =>
  describeAccess(context, input),
);

export const describeScaleAction = defineOrgAction({ permission: view, input: target }, (context, input) =>
  describeScale(context, input),
);

export const rolloutPausedAction = defineOrgAction({ permission: view, input: target }, (context, input) =>
  describePaused(context, input),
);

export const scaleAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: scaleInput }) },
  (context, input) => scaleWorkload(context, input.target, input.change),
);

export const restartAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: restartInput }) },
  (context, input) => restartWorkload(context, input.target, input.change),
);

export const pauseAction = defineOrgAction(
  { permission: view, input: z.object({ target, paused: z.boolean(), change: restartInput }) },
  (context, input) => setPaused(context, input.target, input.paused, input.change),
);

export const setImageAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: imageInput }) },
  (context, input) => setImage(context, input.target, input.change),
);

export const listRevisionsAction = defineOrgAction({ permission: view, input: target }, (context, input) =>
  listRevisions(context, input),
);

export const diffRevisionsAction = defineOrgAction(
  { permission: view, input: z.object({ target, from: z.number().int(), to: z.number().int() }) },
  (context, input) =>
    diffRevisions(context, input.target, new URLSearchParams({ from: String(input.from), to: String(input.to) })),
);

export const rollbackAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: rollbackInput }) },
  (context, input) => rollbackWorkload(context, input.target, input.change),
);

export const secretMetadataAction = defineOrgAction({ permission: view, input: target }, (context, input) =>
  getSecretMetadata(context, input),
);

export const revealSecretAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: revealInput }) },
  (context, input) => revealSecretKey(context, input.target, input.change),
);

export const writeSecretAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: secretWriteInput, dryRun: z.boolean().optional() }) },
  (context, input) => writeSecret(context, input.target, input.change, input.dryRun),
);

export const updateYamlAction = defineOrgAction(
  { permission: view, input: z.object({ target, change: manifestInput, dryRun: z.boolean() }) },
  (context, input) => updateFromYaml(context, input.target, input.change, input.dryRun),
);

export const createAccessAction = defineOrgAction(
  { permission: view, input: createPlace.extend({ namespaces: z.array(z.string().min(1).max(63)).max(500) }) },
  (context, input) => describeCreateAccess(context, input),
);

export const createYamlAction = defineOrgAction(
  { permission: view, input: z.object({ where: createPlace, change: manifestInput, dryRun: z.boolean() }) },
  (context, input) => createInCluster(context, input.where, input.change, input.dryRun),
);

export const deleteObjectAction = defineOrgAction(
  { permission: view, input: z.object({ target, resourceVersion: z.string().max(64).optional() }) },
  (context, input) => deleteObject(context, input.target, { resourceVersion: input.resourceVersion }, false),
);

/** Owners: who may reveal Secret values in this org (editor and above, or admin and above). */
export const setRevealPolicyAction = defineOrgAction(
  { permission: "org.revealPolicy", input: revealPolicyInput, audit: "org.reveal_policy" },
  (context, input) => setRevealRole(context, input.role),
);
