import { AppError, toErrorBody, type ErrorBody, type InputProblem } from "@/lib/errors";
import type { AddClusterInput } from "@/lib/validations/clusters";
import type { OrgContext } from "../auth/actor";
import { listContexts, parseKubeconfig, type ParsedKubeconfig } from "../k8s/kubeconfig";
import { log } from "../logger";
import { checkCluster } from "./health";
import { addCluster, getClusterOrThrow, type ClusterView } from "./service";

/**
 * Adding clusters from the dialog: the contexts of a pasted kubeconfig, and adding one or several
 * of them. A kubeconfig is parsed once per request, however many contexts are added from it.
 */

export type KubeconfigContextOption = {
  name: string;
  current: boolean;
  /** Where this context points; only for usable contexts. */
  server?: string;
  /** Every reason this context cannot be used. */
  problems?: InputProblem[];
};

export type AddClusterOutcome =
  | { ok: true; context: string | null; name: string; cluster: ClusterView }
  | ({ ok: false; context: string | null; name: string } & ErrorBody);

/** The contexts of a pasted kubeconfig, each vetted: usable ones name their server, the rest say why not. */
export function kubeconfigContextOptions(kubeconfig: string): KubeconfigContextOption[] {
  const parsed = parseKubeconfig(kubeconfig);
  if (parsed.contexts.length === 0)
    throw new AppError("INVALID_INPUT", "The kubeconfig lists no contexts.", "contexts");
  return listContexts(parsed).map((choice) => ({
    name: choice.name,
    current: choice.current,
    ...(choice.server !== undefined && { server: choice.server }),
    ...(choice.problems && { problems: choice.problems.map((problem) => ({ ...problem })) }),
  }));
}

type AddOptions = Parameters<typeof addCluster>[2];

/**
 * One registration per chosen context, each with its own outcome. One at a time, so two contexts
 * given the same name get a clean CONFLICT instead of a race.
 */
export async function addClustersFromKubeconfig(
  context: OrgContext,
  input: { kubeconfig: string; contexts: readonly { context: string; name: string }[] },
  options: AddOptions = {},
): Promise<AddClusterOutcome[]> {
  // A kubeconfig that does not parse fails the request once, not once per context.
  const parsedKubeconfig: ParsedKubeconfig = parseKubeconfig(input.kubeconfig);
  const outcomes: AddClusterOutcome[] = [];
  for (const choice of input.contexts) {
    outcomes.push(
      await addOne(context, choice.context, { name: choice.name, parsedKubeconfig, context: choice.context }, options),
    );
  }
  return outcomes;
}

/** The server + CA + token form: one cluster. */
export async function addClusterFromForm(
  context: OrgContext,
  input: Exclude<AddClusterInput, { kubeconfig: string }>,
  options: AddOptions = {},
): Promise<AddClusterOutcome[]> {
  return [await addOne(context, null, input, options)];
}

async function addOne(
  context: OrgContext,
  contextName: string | null,
  input: Parameters<typeof addCluster>[1],
  options: AddOptions,
): Promise<AddClusterOutcome> {
  try {
    const cluster = await addCluster(context, input, options);
    await checkClusterSoon(context, cluster.id);
    return { ok: true, context: contextName, name: cluster.name, cluster };
  } catch (error) {
    if (!(error instanceof AppError))
      log.error("adding a cluster failed", { requestId: context.requestId, error: String(error) });
    return { ok: false, context: contextName, name: input.name, ...toErrorBody(error, context.requestId) };
  }
}

/** The monitor would only look at a new credential on its next sweep; check now so open pages update in seconds. */
export async function checkClusterSoon(context: OrgContext, id: string) {
  const row = await getClusterOrThrow(context.orgId, id);
  void checkCluster(row).catch((error: unknown) =>
    log.warn("first health check failed", { clusterId: id, error: String(error) }),
  );
}
