/**
 * The three cloud stand-ins started together, with the identities the cloud tests use, and the
 * environment pointing Pilothouse at them (tests/support/cloud/env.ts).
 */
import { randomBytes } from "node:crypto";
import { setCloudEnv, type CloudEnv } from "./env";
import { type EntraStandIn, newClientSecret, startEntraStandIn } from "./entra-stand-in";
import { type GoogleStandIn, startGoogleStandIn } from "./google-stand-in";
import { type AwsUser, type StsStandIn, startStsStandIn } from "./sts-stand-in";

export type CloudWorld = {
  sts: StsStandIn;
  google: GoogleStandIn;
  entra: EntraStandIn;
  /** Pilothouse's own AWS identity: may assume customers' roles, is mapped in no cluster. */
  base: AwsUser;
  /** Point Pilothouse at these stand-ins (plus any other settings). */
  useEnv(extra?: Omit<CloudEnv, "sts" | "eks" | "googleToken" | "azureAuthority" | "baseIdentity">): void;
  close(): Promise<void>;
};

export async function startCloudWorld(): Promise<CloudWorld> {
  const [sts, google, entra] = await Promise.all([startStsStandIn(), startGoogleStandIn(), startEntraStandIn()]);
  const base = newAwsUser("arn:aws:iam::999988887777:user/pilothouse-base");
  sts.addUser(base);
  return {
    sts,
    google,
    entra,
    base,
    useEnv: (extra = {}) =>
      setCloudEnv({
        sts: sts.url,
        eks: sts.url,
        googleToken: google.tokenUrl,
        azureAuthority: entra.url,
        baseIdentity: { accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey },
        ...extra,
      }),
    close: async () => {
      await Promise.all([sts.close(), google.close(), entra.close()]);
    },
  };
}

/** An IAM user with a fresh access key (AKIA…, 20 characters, like AWS's). */
export function newAwsUser(arn: string, secretAccessKey = randomBytes(30).toString("base64")): AwsUser {
  return { accessKeyId: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`, secretAccessKey, arn };
}

/** A new Entra app registration (ids are GUIDs) with one client secret. */
export function newEntraApp(entra: EntraStandIn, options: { secret?: string; certificatePem?: string } = {}) {
  const guid = () => {
    const hex = randomBytes(16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const app = {
    tenantId: guid(),
    clientId: guid(),
    objectId: guid(),
    secrets: [options.secret ?? newClientSecret()],
    ...(options.certificatePem && { certificatePem: options.certificatePem }),
  };
  entra.addApp(app);
  return app;
}
