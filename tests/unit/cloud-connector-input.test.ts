import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { connectorFromInput } from "@/lib/server/cloud/connector-input";
import { connectorView, parseStoredConnector } from "@/lib/server/cloud/connectors";
import { checkEndpointOverride, endpointFor } from "@/lib/server/cloud/endpoints";
import { resetConfigForTests } from "@/lib/server/config/env";
import { addClusterSchema, type ConnectorInput } from "@/lib/validations/clusters";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/kubeconfig");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const privateKeyPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs8",
  format: "pem",
}) as string;

const eks = {
  type: "eks",
  clusterName: "prod",
  region: "eu-west-1",
  server: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
  auth: { method: "accessKey", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG" },
};
const serviceAccountKey = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: "service_account",
    project_id: "shop-prod",
    private_key_id: "0123abcd",
    private_key: privateKeyPem,
    client_email: "pilothouse@shop-prod.iam.gserviceaccount.com",
    token_uri: "http://169.254.169.254/computeMetadata/v1/token",
    ...fields,
  });
const gke = (key = serviceAccountKey()) => ({
  type: "gke",
  server: "https://34.1.2.3",
  auth: { method: "serviceAccountKey", key },
});
const aks = (auth: Record<string, unknown> = { method: "clientSecret", clientSecret: "abc~secret" }) => ({
  type: "aks",
  server: "https://prod-dns-1234.hcp.westeurope.azmk8s.io:443",
  tenantId: "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
  clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  auth,
});

function parse(connector: unknown) {
  return addClusterSchema.safeParse({ name: "prod", connector });
}

function refusal(run: () => unknown): { path?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError && error.code === "INVALID_INPUT")
      return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

beforeEach(() => resetConfigForTests());

describe("connector input: the error names the field", () => {
  it.each([
    ["a region that is not one", { ...eks, region: "Europe (Ireland)" }, "connector.region"],
    ["a cluster name with a slash", { ...eks, clusterName: "a/b" }, "connector.clusterName"],
    [
      "an access key id of the wrong shape",
      { ...eks, auth: { ...eks.auth, accessKeyId: "key" } },
      "connector.auth.accessKeyId",
    ],
    [
      "a missing secret access key",
      { ...eks, auth: { method: "accessKey", accessKeyId: eks.auth.accessKeyId } },
      "connector.auth.secretAccessKey",
    ],
    [
      "a role that is not a role ARN",
      { ...eks, auth: { method: "assumeRole", roleArn: "arn:aws:iam::1:user/x" } },
      "connector.auth.roleArn",
    ],
    [
      "an unknown auth method (the base identity)",
      { ...eks, auth: { method: "instanceProfile" } },
      "connector.auth.method",
    ],
    ["an unknown connector type", { ...eks, type: "openshift" }, "connector.type"],
    ["an unknown field", { ...eks, profile: "prod" }, "connector"],
    ["an unknown auth field", { ...eks, auth: { ...eks.auth, credentialProcess: "/bin/sh" } }, "connector.auth"],
    ["a GKE cluster without a server", { ...gke(), server: undefined }, "connector.server"],
    ["a tenant id with a path in it", { ...aks(), tenantId: "../common" }, "connector.tenantId"],
    ["a client id that is not a GUID", { ...aks(), clientId: "pilothouse" }, "connector.clientId"],
  ])("refuses %s", (_label, connector, path) => {
    const result = parse(connector);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".")).toBe(path);
  });

  it("still names the field of the token form and the kubeconfig form (not a union's 'Invalid input')", () => {
    expect(addClusterSchema.safeParse({ name: "x", server: "https://a" }).error?.issues[0]?.path).toEqual(["token"]);
    expect(addClusterSchema.safeParse({ name: "x", kubeconfig: 3 }).error?.issues[0]?.path).toEqual(["kubeconfig"]);
    expect(addClusterSchema.safeParse({ server: "https://a", token: "t" }).error?.issues[0]?.path).toEqual(["name"]);
  });
});

describe("connectorFromInput", () => {
  const build = (connector: unknown) => {
    const result = parse(connector);
    if (!result.success) throw new Error(result.error.issues[0]?.message);
    return connectorFromInput((result.data as { connector: ConnectorInput }).connector);
  };

  it("splits an EKS access key into settings and the secret", () => {
    const credential = build({ ...eks, auth: { ...eks.auth, sessionToken: "FwoGZXIvYXdzEJr" } });
    expect(credential.config).toEqual({
      type: "eks",
      clusterName: "prod",
      region: "eu-west-1",
      auth: { method: "accessKey", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
    });
    expect(credential.secrets).toEqual({ secretAccessKey: "wJalrXUtnFEMI/K7MDENG", sessionToken: "FwoGZXIvYXdzEJr" });
  });

  it("keeps only what it uses of a service-account key, never its token_uri", () => {
    const credential = build(gke());
    expect(credential.config).toEqual({
      type: "gke",
      auth: {
        method: "serviceAccountKey",
        clientEmail: "pilothouse@shop-prod.iam.gserviceaccount.com",
        privateKeyId: "0123abcd",
        projectId: "shop-prod",
      },
    });
    expect(credential.secrets).toEqual({ privateKey: privateKeyPem });
    expect(JSON.stringify(credential)).not.toContain("169.254.169.254");
  });

  it.each([
    ["text that is not JSON", "not json", /is not JSON/],
    ["a Workload Identity Federation config", serviceAccountKey({ type: "external_account" }), /not supported yet/],
    ["an authorized-user credential", serviceAccountKey({ type: "authorized_user" }), /must be a service-account key/],
    ["a key without an email", serviceAccountKey({ client_email: "nobody" }), /client_email/],
    [
      "a key whose private key is not one",
      serviceAccountKey({ private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }),
      /private_key/,
    ],
  ])("refuses %s at connector.auth.key", (_label, key, message) => {
    const error = refusal(() => build(gke(key)));
    expect(error.path).toBe("connector.auth.key");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("PRIVATE KEY");
  });

  it("stores an AKS certificate's chain as a setting and its private key as the secret", () => {
    const credential = build(
      aks({ method: "clientCertificate", certificate: `${fixture("client.crt")}\n${fixture("client.key")}` }),
    );
    expect(credential.config).toMatchObject({
      type: "aks",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      auth: { method: "clientCertificate", certificate: fixture("client.crt").trim() },
    });
    expect(credential.secrets).toEqual({ clientCertificateKey: fixture("client.key").trim() });
  });

  it.each([
    [
      "a key that does not belong to the certificate",
      `${fixture("client.crt")}${fixture("other.key")}`,
      /does not belong/,
    ],
    ["a certificate without its key", fixture("client.crt"), /exactly one private key/],
    [
      "a password-protected key",
      `${fixture("client.crt")}-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n`,
      /password-protected/,
    ],
    ["thousands of BEGIN lines", "-----BEGIN X-----\n".repeat(3000), /at most 10 PEM blocks/],
  ])("refuses %s at connector.auth.certificate", (_label, certificate, message) => {
    const error = refusal(() => build(aks({ method: "clientCertificate", certificate })));
    expect(error.path).toBe("connector.auth.certificate");
    expect(error.message).toMatch(message);
  });
});

describe("endpoint overrides", () => {
  it.each([
    ["awsSts", "https://sts-fips.us-east-1.amazonaws.com"],
    ["awsSts", "https://vpce-0123abcd-xyz.sts.us-east-1.vpce.amazonaws.com"],
    ["awsSts", "https://sts.cn-north-1.amazonaws.com.cn/"],
    ["googleToken", "https://oauth2-corp.p.googleapis.com/token"],
    ["azureAuthority", "https://login.microsoftonline.us"],
  ] as const)("accept %s at %s", (service, url) => {
    expect(checkEndpointOverride(service, url, "connector.x")).toBe(url.replace(/\/$/, ""));
  });

  it.each([
    ["awsSts", "https://169.254.169.254"],
    ["awsSts", "https://sts.us-east-1.amazonaws.com.attacker.test"],
    ["awsSts", "http://sts.us-east-1.amazonaws.com"],
    ["awsSts", "https://user:pw@sts.us-east-1.amazonaws.com"],
    ["googleToken", "https://metadata.google.internal/token"],
    ["azureAuthority", "https://login.microsoftonline.com.evil.test"],
  ] as const)("refuse %s at %s with 422 at the field", (service, url) => {
    expect(refusal(() => checkEndpointOverride(service, url, "connector.x")).path).toBe("connector.x");
  });

  it("accept the host the operator configured (a private endpoint), and use it by default", () => {
    process.env.PILOTHOUSE_AWS_STS_ENDPOINT = "https://sts.internal.example.com";
    resetConfigForTests();
    try {
      expect(checkEndpointOverride("awsSts", "https://sts.internal.example.com", "p")).toBe(
        "https://sts.internal.example.com",
      );
      expect(endpointFor("awsSts", { region: "eu-west-1" })).toBe("https://sts.internal.example.com");
    } finally {
      delete process.env.PILOTHOUSE_AWS_STS_ENDPOINT;
      resetConfigForTests();
    }
    expect(endpointFor("awsSts", { region: "eu-west-1" })).toBe("https://sts.eu-west-1.amazonaws.com");
  });
});

describe("stored connectors", () => {
  it("show named settings only: never a secret, even one copied into the settings by mistake", () => {
    const stored = {
      type: "gke",
      auth: { method: "serviceAccountKey", clientEmail: "a@b.c", privateKey: privateKeyPem },
    };
    const view = connectorView(parseStoredConnector(stored));
    expect(view).toEqual({
      type: "gke",
      authMethod: "serviceAccountKey",
      clientEmail: "a@b.c",
      projectId: null,
      tokenEndpoint: null,
    });
  });

  it("fail closed when the column is damaged", () => {
    expect(() => parseStoredConnector({ type: "eks", region: "x" })).toThrow("a stored connector could not be read");
    expect(() => parseStoredConnector(null)).toThrow(AppError);
  });
});
