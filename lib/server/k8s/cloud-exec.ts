import type { CloudConnectorSuggestion } from "@/lib/wire/cloud-connectors";

/**
 * Which cloud connector fits a kubeconfig user that signs in by running the cloud's own command:
 * `aws eks get-token` or `aws-iam-authenticator` (as `aws eks update-kubeconfig` and eksctl write
 * them), `gke-gcloud-auth-plugin` (`gcloud container clusters get-credentials`) or Azure's
 * `kubelogin get-token` (`az aks get-credentials`, `kubelogin convert-kubeconfig`).
 *
 * Pure: it reads the exec block as data and runs nothing. Only names and ids are taken, each
 * checked against the shape the cloud gives it; flags that can hold secrets (kubelogin's
 * --client-secret, --password…) and every environment variable except the AWS profile and region
 * are never read. The exec block is a stranger's text: any value that does not look like what
 * the cloud writes is dropped rather than passed on.
 */

/** A kubeconfig user entry: its name and body (the `user:` mapping) as parsed YAML. */
export type UserEntry = { readonly name: string; readonly body: unknown };
/** The cluster entry's name and its vetted server and CA (undefined where the entry had problems). */
export type ClusterEntry = { readonly name: string; readonly server?: string; readonly caData?: string };

/** A short description of a recognised sign-in command, for messages (`aws eks get-token`). */
export type DetectedCloudExec = { readonly connector: CloudConnectorSuggestion; readonly command: string };

export function detectCloudConnector(user: UserEntry, cluster: ClusterEntry): DetectedCloudExec | undefined {
  const exec = readExec(user.body);
  if (!exec) return undefined;
  const endpoint = {
    ...(cluster.server !== undefined && { server: cluster.server }),
    ...(cluster.caData !== undefined && { caData: cluster.caData }),
  };
  switch (exec.program) {
    case "aws":
      return detectAwsCli(exec, user, cluster, endpoint);
    case "aws-iam-authenticator":
      return detectAwsIamAuthenticator(exec, user, cluster, endpoint);
    case "gke-gcloud-auth-plugin":
      return detectGke(user, cluster, endpoint);
    case "kubelogin":
      return detectKubelogin(exec, endpoint);
    default:
      return undefined;
  }
}

/** The command's file name without directory or .exe, when it is a plain name (else undefined). */
export function execProgram(body: unknown): string | undefined {
  return readExec(body)?.program;
}

// --- Reading the exec block --------------------------------------------------------------------

const MAX_ARGS = 64;
const MAX_ARG_LENGTH = 1024;

type Exec = { program: string; args: readonly string[]; env: ReadonlyMap<string, string> };

function readExec(body: unknown): Exec | undefined {
  if (!isRecord(body) || !isRecord(body.exec)) return undefined;
  const { command, args, env } = body.exec;
  if (typeof command !== "string") return undefined;
  const program = command
    .split(/[\\/]/)
    .pop()!
    .replace(/\.exe$/i, "");
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(program)) return undefined;
  return { program, args: readArgs(args), env: readSafeEnv(env) };
}

function readArgs(args: unknown): string[] {
  if (!Array.isArray(args)) return [];
  return args
    .slice(0, MAX_ARGS)
    .filter((arg): arg is string | number => typeof arg === "string" || typeof arg === "number")
    .map(String)
    .filter((arg) => arg.length <= MAX_ARG_LENGTH);
}

/** Only the AWS profile and region: every other variable may hold a credential. */
const SAFE_ENV = new Set(["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"]);

function readSafeEnv(env: unknown): Map<string, string> {
  const safe = new Map<string, string>();
  if (!Array.isArray(env)) return safe;
  for (const variable of env.slice(0, MAX_ARGS)) {
    if (!isRecord(variable) || typeof variable.name !== "string" || typeof variable.value !== "string") continue;
    if (SAFE_ENV.has(variable.name)) safe.set(variable.name, variable.value);
  }
  return safe;
}

/** `--name value` or `--name=value`, for any of the given spellings; the last one wins, as in a CLI. */
function flag(args: readonly string[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  args.forEach((arg, index) => {
    for (const name of names) {
      if (arg === name && index + 1 < args.length) found = args[index + 1];
      else if (arg.startsWith(`${name}=`)) found = arg.slice(name.length + 1);
    }
  });
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it matches the shape the cloud gives it; anything else is dropped. */
function shaped(value: string | undefined, shape: RegExp): string | undefined {
  return value !== undefined && shape.test(value) ? value : undefined;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

// --- Amazon EKS ----------------------------------------------------------------------------------

const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const AWS_PROFILE = /^[\w.+@-]{1,64}$/;
/** https://<id>.<cell>.<region>.eks.amazonaws.com(.cn) */
const EKS_ENDPOINT_REGION = /\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.eks\.amazonaws\.com(?:\.cn)?$/;
/** arn:aws:eks:<region>:<account>:cluster/<name>: how update-kubeconfig names the cluster and user. */
const EKS_CLUSTER_ARN =
  /^arn:aws[a-z-]*:eks:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:cluster\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})$/;

type Endpoint = { server?: string; caData?: string };

function detectAwsCli(exec: Exec, user: UserEntry, cluster: ClusterEntry, endpoint: Endpoint) {
  const eks = exec.args.indexOf("eks");
  if (eks < 0 || exec.args.indexOf("get-token", eks) < 0) return undefined;
  return eksConnector("aws eks get-token", exec, user, cluster, endpoint, {
    clusterName: flag(exec.args, ["--cluster-name", "--cluster-id"]),
    roleArn: flag(exec.args, ["--role-arn", "--role"]),
    profile: flag(exec.args, ["--profile"]),
  });
}

function detectAwsIamAuthenticator(exec: Exec, user: UserEntry, cluster: ClusterEntry, endpoint: Endpoint) {
  if (exec.args[0] !== "token") return undefined;
  return eksConnector("aws-iam-authenticator token", exec, user, cluster, endpoint, {
    clusterName: flag(exec.args, ["-i", "--cluster-id"]),
    roleArn: flag(exec.args, ["-r", "--role"]),
    profile: undefined,
  });
}

function eksConnector(
  command: string,
  exec: Exec,
  user: UserEntry,
  cluster: ClusterEntry,
  endpoint: Endpoint,
  read: { clusterName?: string; roleArn?: string; profile?: string },
): DetectedCloudExec | undefined {
  const fromArn = EKS_CLUSTER_ARN.exec(cluster.name) ?? EKS_CLUSTER_ARN.exec(user.name);
  const clusterName = shaped(read.clusterName, EKS_CLUSTER_NAME) ?? fromArn?.[2];
  if (clusterName === undefined) return undefined;
  const region =
    shaped(flag(exec.args, ["--region"]), AWS_REGION) ??
    shaped(exec.env.get("AWS_REGION") ?? exec.env.get("AWS_DEFAULT_REGION"), AWS_REGION) ??
    (endpoint.server ? EKS_ENDPOINT_REGION.exec(new URL(endpoint.server).hostname)?.[1] : undefined) ??
    fromArn?.[1];
  const connector = defined({
    type: "eks" as const,
    clusterName,
    region,
    roleArn: shaped(read.roleArn, IAM_ROLE_ARN),
    awsProfile: shaped(read.profile ?? exec.env.get("AWS_PROFILE"), AWS_PROFILE),
    ...endpoint,
  });
  return { connector, command };
}

// --- Google GKE ----------------------------------------------------------------------------------

/** gke_<project>_<location>_<cluster>: how get-credentials names the cluster, user and context. */
const GKE_ENTRY_NAME =
  /^gke_([a-z][a-z0-9.:-]{4,61}[a-z0-9])_([a-z]+-[a-z]+\d(?:-[a-z])?)_([a-z](?:[a-z0-9-]{0,38}[a-z0-9])?)$/;

function detectGke(user: UserEntry, cluster: ClusterEntry, endpoint: Endpoint): DetectedCloudExec {
  const named = GKE_ENTRY_NAME.exec(cluster.name) ?? GKE_ENTRY_NAME.exec(user.name);
  const connector = defined({
    type: "gke" as const,
    projectId: named?.[1],
    location: named?.[2],
    clusterName: named?.[3],
    ...endpoint,
  });
  return { connector, command: "gke-gcloud-auth-plugin" };
}

// --- Azure AKS -----------------------------------------------------------------------------------

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TENANT =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+)$/;
const AZURE_ENVIRONMENT = /^[A-Za-z]{1,40}$/;
const KUBELOGIN_LOGIN_MODES = /^(devicecode|interactive|spn|ropc|msi|azurecli|azd|workloadidentity)$/;

function detectKubelogin(exec: Exec, endpoint: Endpoint): DetectedCloudExec | undefined {
  if (exec.args[0] !== "get-token") return undefined;
  const serverId = shaped(flag(exec.args, ["--server-id"]), GUID);
  if (serverId === undefined) return undefined;
  const connector = defined({
    type: "aks" as const,
    serverId,
    tenantId: shaped(flag(exec.args, ["--tenant-id", "-t"]), TENANT),
    clientId: shaped(flag(exec.args, ["--client-id"]), GUID),
    environment: shaped(flag(exec.args, ["--environment", "-e"]), AZURE_ENVIRONMENT),
    loginMode: shaped(flag(exec.args, ["--login", "-l"]) ?? "devicecode", KUBELOGIN_LOGIN_MODES),
    ...endpoint,
  });
  return { connector, command: "kubelogin get-token" };
}
