/**
 * Point Pilothouse's cloud connectors at the loopback stand-ins (every token endpoint overridden,
 * the stand-ins' CA trusted), and make sure no SDK can fall back to ambient cloud credentials or
 * probe a metadata service while tests run.
 */
import { resetCloudAgents } from "@/lib/server/cloud/cloud-http";
import { resetConfigForTests } from "@/lib/server/config/env";
import { STAND_IN_CA_FILE } from "./stand-in-server";

export type CloudEnv = {
  sts?: string;
  eks?: string;
  googleToken?: string;
  azureAuthority?: string;
  assumeRole?: "on" | "off";
  /** PILOTHOUSE_CLOUD_TOKEN_MAX_AGE, seconds. */
  tokenMaxAge?: number;
  /** Pilothouse's own AWS identity (the AssumeRole base), handed to the SDK's chain through its env provider. */
  baseIdentity?: { accessKeyId: string; secretAccessKey: string };
};

const VARIABLES = {
  sts: "PILOTHOUSE_AWS_STS_ENDPOINT",
  eks: "PILOTHOUSE_AWS_EKS_ENDPOINT",
  googleToken: "PILOTHOUSE_GOOGLE_TOKEN_ENDPOINT",
  azureAuthority: "PILOTHOUSE_AZURE_AUTHORITY_HOST",
  assumeRole: "PILOTHOUSE_AWS_ASSUME_ROLE",
  tokenMaxAge: "PILOTHOUSE_CLOUD_TOKEN_MAX_AGE",
} as const;

export function setCloudEnv(env: CloudEnv) {
  for (const [key, variable] of Object.entries(VARIABLES)) {
    const value = env[key as keyof typeof VARIABLES];
    if (value === undefined) delete process.env[variable];
    else process.env[variable] = String(value);
  }
  process.env.PILOTHOUSE_CLOUD_CA_FILE = STAND_IN_CA_FILE;
  // No metadata probing by any SDK, whatever happens (169.254.169.254, metadata.google.internal).
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  process.env.METADATA_SERVER_DETECTION = "none";
  for (const variable of ["AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_SESSION_TOKEN"]) {
    delete process.env[variable];
  }
  // The AWS SDK's chain reads these first: the base identity, or nothing at all.
  if (env.baseIdentity) {
    process.env.AWS_ACCESS_KEY_ID = env.baseIdentity.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = env.baseIdentity.secretAccessKey;
  } else {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  }
  resetConfigForTests();
  resetCloudAgents();
}
