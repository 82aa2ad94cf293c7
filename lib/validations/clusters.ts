import { z } from "zod";

export const clusterNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._ -]*$/, "may use letters, digits, spaces, dots, dashes and underscores");

const kubeconfigSourceSchema = z.object({
  kubeconfig: z.string().min(1, "is required"),
  context: z.string().min(1).optional(),
});

const tokenSourceSchema = z.object({
  server: z.string().trim().min(1, "is required"),
  certificateAuthority: z.string().trim().optional(),
  token: z.string().trim().min(1, "is required").max(16_384, "is too long"),
});

// --- Cloud connectors (docs/cloud-clusters.md) ---------------------------------------------------

const serverUrl = z.string().trim().min(1, "is required").max(2048, "is too long");
const certificateAuthority = z
  .string()
  .trim()
  .max(64 * 1024, "is too large")
  .optional();
const endpointOverride = z.string().trim().min(1, "must not be empty").max(2048, "is too long").optional();
const secret = (max: number) => z.string().trim().min(1, "is required").max(max, "is too long");

const roleArn = z
  .string()
  .trim()
  .regex(
    /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    "must be an IAM role ARN, arn:aws:iam::<account>:role/<name>",
  );

const eksConnectorSchema = z.strictObject({
  type: z.literal("eks"),
  clusterName: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, "must be an EKS cluster name (letters, digits, - and _, at most 100)"),
  region: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "must be an AWS region such as us-east-1"),
  /** Omit both to look them up with eks:DescribeCluster (when the identity may). */
  server: serverUrl.optional(),
  certificateAuthority,
  stsEndpoint: endpointOverride,
  auth: z.discriminatedUnion("method", [
    z.strictObject({
      method: z.literal("accessKey"),
      accessKeyId: z
        .string()
        .trim()
        .regex(/^[A-Z0-9]{16,128}$/, "must be an AWS access key id (AKIA… or ASIA…)"),
      secretAccessKey: secret(256),
      sessionToken: secret(8192).optional(),
      roleArn: roleArn.optional(),
    }),
    z.strictObject({ method: z.literal("assumeRole"), roleArn }),
  ]),
});

const gkeConnectorSchema = z.strictObject({
  type: z.literal("gke"),
  server: serverUrl,
  certificateAuthority,
  tokenEndpoint: endpointOverride,
  auth: z.discriminatedUnion("method", [
    /** `key` is the service-account key file's JSON text, as downloaded from Google Cloud. */
    z.strictObject({ method: z.literal("serviceAccountKey"), key: secret(16 * 1024) }),
  ]),
});

const guid = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);
const guidOrDomain =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+)$/i;

const aksConnectorSchema = z.strictObject({
  type: z.literal("aks"),
  server: serverUrl,
  certificateAuthority,
  authorityHost: endpointOverride,
  tenantId: z.string().trim().regex(guidOrDomain, "must be a tenant id (a GUID) or domain"),
  clientId: guid("must be an application (client) id, a GUID"),
  /** The AKS server application (kubelogin's --server-id); AKS-managed Entra ID uses a well-known one. */
  serverId: guid("must be the server application id, a GUID").optional(),
  auth: z.discriminatedUnion("method", [
    z.strictObject({ method: z.literal("clientSecret"), clientSecret: secret(1024) }),
    /** `certificate` is PEM holding the certificate and its unencrypted private key. */
    z.strictObject({ method: z.literal("clientCertificate"), certificate: secret(64 * 1024) }),
  ]),
});

export const connectorSchema = z.discriminatedUnion("type", [
  eksConnectorSchema,
  gkeConnectorSchema,
  aksConnectorSchema,
]);
export type ConnectorInput = z.infer<typeof connectorSchema>;

const connectorSourceSchema = z.strictObject({ connector: connectorSchema });

/** Register even when this org already has the same server with the same credential. */
const allowDuplicate = z.boolean().optional();

/** Adding one cluster through a cloud connector (the add-cluster dialog's connector forms). */
export const addConnectorClusterSchema = z.strictObject({
  name: clusterNameSchema,
  allowDuplicate,
  connector: connectorSchema,
});

// --- Sources ---------------------------------------------------------------------------------

export type ClusterSource =
  z.infer<typeof kubeconfigSourceSchema> | z.infer<typeof tokenSourceSchema> | z.infer<typeof connectorSourceSchema>;

/**
 * The form is picked by its key (connector, kubeconfig, else the token form) and parsed alone,
 * so a mistake is reported at its field ("connector.region: must be…") instead of a union's
 * "Invalid input".
 */
function sourceFormOf(value: unknown) {
  if (typeof value === "object" && value !== null) {
    if ("connector" in value) return connectorSourceSchema;
    if ("kubeconfig" in value) return kubeconfigSourceSchema;
  }
  return tokenSourceSchema;
}

function parseByForm<T>(schema: z.ZodType<T>, value: unknown, context: z.RefinementCtx): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    context.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
  }
  return z.NEVER;
}

/** Either a pasted kubeconfig (and the context to use), the three fields of the token form, or a cloud connector. */
export const clusterSourceSchema = z
  .unknown()
  .transform((value, context): ClusterSource => parseByForm<ClusterSource>(sourceFormOf(value), value, context));

export type AddClusterInput = { name: string; allowDuplicate?: boolean } & ClusterSource;

export const addClusterSchema = z.unknown().transform((value, context): AddClusterInput => {
  const {
    name,
    allowDuplicate: duplicate,
    ...source
  } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const parsedName = parseByForm(
    z.object({ name: clusterNameSchema, allowDuplicate }),
    { name, allowDuplicate: duplicate },
    context,
  );
  const parsedSource = parseByForm<ClusterSource>(sourceFormOf(source), source, context);
  return { ...parsedName, ...parsedSource };
});

export const updateClusterSchema = z
  .object({
    name: clusterNameSchema.optional(),
    impersonate: z.boolean().optional(),
    /** A new credential (and endpoint) from a kubeconfig, the token form or a connector: a rotation. */
    credential: clusterSourceSchema.optional(),
  })
  .refine((value) => value.name !== undefined || value.impersonate !== undefined || value.credential !== undefined, {
    message: "name, impersonate or credential is required",
    path: ["name"],
  });
export type UpdateClusterInput = z.infer<typeof updateClusterSchema>;
