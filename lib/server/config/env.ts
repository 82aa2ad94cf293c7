import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies, type TrustedProxies } from "../http/client-address";
import { parseAllowedNetworks } from "../k8s/outbound-policy";

/**
 * The one place that reads Pilothouse's environment. Every variable is documented in
 * .env.example; a bad value stops start-up with a ConfigError naming the variable.
 */

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

/** Environment variables as read (process.env or a test's own object). */
export type Environment = Record<string, string | undefined>;

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a URL like postgresql://user:password@host:5432/database");

const base64Key = z
  .string()
  .trim()
  .refine(
    (value) => Buffer.from(value, "base64").length === 32,
    "must be 32 random bytes, base64-encoded (openssl rand -base64 32)",
  );

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

/** An https URL without credentials, query or fragment; `{region}` may stand for the connector's region. */
const endpointTemplate = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value.replaceAll("{region}", "region"));
      return url.protocol === "https:" && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, "must be an https URL without credentials, query or fragment, e.g. https://sts.{region}.amazonaws.com");
export const SIGN_UP_POLICIES = ["open", "invite-only", "closed"] as const;
export type SignUpPolicy = (typeof SIGN_UP_POLICIES)[number];

/** An optional list that `parse` checks; its error message (which names the variable's entry) is the problem. */
function cidrList(parse: (value: string | undefined) => unknown) {
  return z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .superRefine((value, context) => {
        try {
          parse(value);
        } catch (error) {
          context.addIssue({ code: "custom", message: error instanceof Error ? error.message : "is not a CIDR list" });
        }
      }),
  );
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PILOTHOUSE_MODE: z.preprocess(emptyAsUndefined, z.enum(["local", "production"]).default("local")),
  HOST: z.preprocess(emptyAsUndefined, z.string().min(1).default("127.0.0.1")),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  PILOTHOUSE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default(".data")),
  PILOTHOUSE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  AUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "must be at least 32 characters (openssl rand -base64 33)").optional(),
  ),
  PILOTHOUSE_MASTER_KEY: z.preprocess(emptyAsUndefined, base64Key.optional()),
  PILOTHOUSE_PREVIOUS_MASTER_KEYS: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** CIDRs where private/loopback cluster addresses are allowed (LAN installs, tests). Empty: public only. */
  PILOTHOUSE_ALLOWED_CLUSTER_NETWORKS: cidrList(parseAllowedNetworks),
  /**
   * Reverse proxies (CIDRs) whose X-Forwarded-For is believed; empty: the socket's peer is the
   * client. Without it, behind a proxy, every request seems to come from the proxy.
   */
  PILOTHOUSE_TRUSTED_PROXIES: cidrList(parseTrustedProxies),
  /** How many clusters one organization may register (one tenant must not grow the health sweep without bound). */
  PILOTHOUSE_MAX_CLUSTERS_PER_ORG: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1, "must be at least 1").max(100_000).default(100),
  ),
  /** Set: /metrics answers any address that sends it as a Bearer token. Unset: loopback only. */
  PILOTHOUSE_METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, "must be at least 16 characters (openssl rand -base64 24)").optional(),
  ),
  /** "false" accepts IdP identities without `email_verified: true` (read by lib/server/auth/oidc.ts). */
  PILOTHOUSE_OIDC_REQUIRE_VERIFIED_EMAIL: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).optional()),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
  // Cloud connectors (docs/cloud-clusters.md): token endpoints, overridable for private endpoints,
  // FIPS and loopback stand-ins; the host of an override joins the clouds' allowlist.
  PILOTHOUSE_AWS_STS_ENDPOINT: z.preprocess(emptyAsUndefined, endpointTemplate.optional()),
  PILOTHOUSE_AWS_EKS_ENDPOINT: z.preprocess(emptyAsUndefined, endpointTemplate.optional()),
  PILOTHOUSE_GOOGLE_TOKEN_ENDPOINT: z.preprocess(emptyAsUndefined, endpointTemplate.optional()),
  PILOTHOUSE_AZURE_AUTHORITY_HOST: z.preprocess(emptyAsUndefined, endpointTemplate.optional()),
  /** PEM file of extra CAs trusted (besides the system roots) for the token endpoints. */
  PILOTHOUSE_CLOUD_CA_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** on: Pilothouse's own AWS identity (standard chain) may assume customers' roles with their ExternalId. */
  PILOTHOUSE_AWS_ASSUME_ROLE: z.preprocess(emptyAsUndefined, z.enum(["off", "on"]).default("off")),
  /** Cap, in seconds, on how long a minted cloud token is used (below the cloud's own lifetime). */
  PILOTHOUSE_CLOUD_TOKEN_MAX_AGE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(5, "must be at least 5 seconds").max(86_400).optional(),
  ),
  /** Who may create an account; unset: open in local mode, invite-only in production. */
  PILOTHOUSE_SIGNUP: z.preprocess(
    emptyAsUndefined,
    z.enum(SIGN_UP_POLICIES, { error: "must be open, invite-only or closed" }).optional(),
  ),
});

type RawConfig = z.infer<typeof schema>;

export type Config = Omit<RawConfig, "PILOTHOUSE_URL" | "PILOTHOUSE_SIGNUP"> & {
  /** Who may create an account (the first account of a fresh install always may). */
  signUpPolicy: SignUpPolicy;
  /** Absolute path of the local state directory. */
  dataDir: string;
  /** The origin browsers use; route handlers compare Origin headers against it. */
  appUrl: string;
  /** True when DATABASE_URL is unset and Pilothouse runs its own PostgreSQL. */
  embeddedDatabase: boolean;
  /** PILOTHOUSE_TRUSTED_PROXIES, parsed. */
  trustedProxies: TrustedProxies;
  /** Session cookies are Secure because the URL people open is https (never decided from request headers). */
  secureCookies: boolean;
};

/** Secrets production must be given; local mode generates them into the data directory. */
export const REQUIRED_SECRETS = ["AUTH_SECRET", "PILOTHOUSE_MASTER_KEY"] as const;

export function parseConfig(environment: Environment = process.env): Config {
  const result = schema.safeParse(environment);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      })),
    );
  }
  const raw = result.data;
  if (raw.PILOTHOUSE_MODE === "production") assertProductionReady(raw);
  const { PILOTHOUSE_URL, PILOTHOUSE_SIGNUP, ...rest } = raw;
  // Next rewrites 127.0.0.1 to localhost in req.url, so localhost is the origin that matches.
  const appUrl = (PILOTHOUSE_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, "");
  // A production install is not open to the internet's sign-ups unless the operator says so.
  const signUpPolicy = PILOTHOUSE_SIGNUP ?? (raw.PILOTHOUSE_MODE === "production" ? "invite-only" : "open");
  return {
    ...rest,
    signUpPolicy,
    dataDir: path.resolve(raw.PILOTHOUSE_DATA_DIR),
    appUrl,
    embeddedDatabase: !raw.DATABASE_URL,
    trustedProxies: parseTrustedProxies(raw.PILOTHOUSE_TRUSTED_PROXIES),
    secureCookies: appUrl.startsWith("https://"),
  };
}

function assertProductionReady(raw: RawConfig) {
  const problems: ConfigError["problems"] = REQUIRED_SECRETS.filter((name) => !raw[name]).map((variable) => ({
    variable,
    message: "is required when PILOTHOUSE_MODE=production (local mode generates it; production never does)",
  }));
  if (!raw.DATABASE_URL) {
    problems.push({
      variable: "DATABASE_URL",
      message: "is required when PILOTHOUSE_MODE=production (the embedded database is for local use)",
    });
  }
  if (!raw.PILOTHOUSE_URL) {
    problems.push({
      variable: "PILOTHOUSE_URL",
      message: "is required when PILOTHOUSE_MODE=production (the public https URL users open)",
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

let cached: Config | undefined;

/** The validated configuration of this process (read once, after start-up filled in local secrets). */
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}

export function resetConfigForTests() {
  cached = undefined;
}
