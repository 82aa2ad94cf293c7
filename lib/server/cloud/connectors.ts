import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ConnectorView } from "@/lib/wire/clusters";
import type { ConnectorConfig, ConnectorCredential, MintContext, MintedToken } from "./connector-types";
import { cachedTokenSource, type TokenSource } from "./token-cache";

/**
 * Mint a fresh token for a connector with the cloud's own SDK. The SDKs load on first use
 * (about 18 MB and seconds of start-up together): the CLI, and a server without connector
 * clusters, never pay for them.
 */
export async function mintConnectorToken(credential: ConnectorCredential, context: MintContext): Promise<MintedToken> {
  const { config, secrets } = credential;
  switch (config.type) {
    case "eks":
      return (await import("./eks")).mintEksToken(config, secrets, context);
    case "gke":
      return (await import("./gke")).mintGkeToken(config, secrets, context);
    case "aks":
      return (await import("./aks")).mintAksToken(config, secrets, context);
  }
}

/**
 * The token source a connection uses: cached per `cacheKey` (`<clusterId>:<credentialVersion>`)
 * so every request, watch and log stream of a cluster shares one token and its refresh.
 */
export function connectorTokenSource(
  credential: ConnectorCredential,
  context: MintContext,
  cacheKey?: string,
): TokenSource {
  return cachedTokenSource(cacheKey, () => mintConnectorToken(credential, context));
}

// --- Stored form ---------------------------------------------------------------------------------

const text = z.string().min(1).max(2048);
const storedConnectorSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("eks"),
    clusterName: text,
    region: text,
    stsEndpoint: text.optional(),
    auth: z.discriminatedUnion("method", [
      z.object({ method: z.literal("accessKey"), accessKeyId: text, roleArn: text.optional() }),
      z.object({ method: z.literal("assumeRole"), roleArn: text }),
    ]),
  }),
  z.object({
    type: z.literal("gke"),
    tokenEndpoint: text.optional(),
    auth: z.object({
      method: z.literal("serviceAccountKey"),
      clientEmail: text,
      privateKeyId: text.optional(),
      projectId: text.optional(),
    }),
  }),
  z.object({
    type: z.literal("aks"),
    tenantId: text,
    clientId: text,
    serverId: text.optional(),
    authorityHost: text.optional(),
    auth: z.discriminatedUnion("method", [
      z.object({ method: z.literal("clientSecret") }),
      z.object({
        method: z.literal("clientCertificate"),
        certificate: z
          .string()
          .min(1)
          .max(64 * 1024),
      }),
    ]),
  }),
]) satisfies z.ZodType<ConnectorConfig>;

/** The `clusters.connector` column, checked: a damaged row fails closed like a damaged ciphertext. */
export function parseStoredConnector(value: unknown): ConnectorConfig {
  const result = storedConnectorSchema.safeParse(value);
  if (!result.success) throw new AppError("INTERNAL", "a stored connector could not be read");
  return result.data;
}

/** What the API shows of a connector: named fields only, never a secret (docs/security.md). */
export function connectorView(config: ConnectorConfig): ConnectorView {
  switch (config.type) {
    case "eks":
      return {
        type: "eks",
        clusterName: config.clusterName,
        region: config.region,
        authMethod: config.auth.method,
        accessKeyId: config.auth.method === "accessKey" ? config.auth.accessKeyId : null,
        roleArn: config.auth.roleArn ?? null,
        stsEndpoint: config.stsEndpoint ?? null,
      };
    case "gke":
      return {
        type: "gke",
        authMethod: config.auth.method,
        clientEmail: config.auth.clientEmail,
        projectId: config.auth.projectId ?? null,
        tokenEndpoint: config.tokenEndpoint ?? null,
      };
    case "aks":
      return {
        type: "aks",
        authMethod: config.auth.method,
        tenantId: config.tenantId,
        clientId: config.clientId,
        serverId: config.serverId ?? null,
        authorityHost: config.authorityHost ?? null,
      };
  }
}
