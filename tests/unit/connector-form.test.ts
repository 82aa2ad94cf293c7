/**
 * The browser's connector forms against the server's own code: a cloud's kubeconfig, refused by
 * the real intake, prefills the form; the form, completed by the person, is what the server's
 * schema accepts; and the server's error paths land under the form's own fields.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  connectorFromSuggestion,
  emptyConnector,
  fieldOfPath,
  missingFields,
  toConnectorInput,
  type ConnectorValues,
} from "@/components/clusters/connector-form";
import { kubeconfigContextOptions } from "@/lib/server/clusters/intake";
import { connectorSchema } from "@/lib/validations/clusters";

const CORPUS = path.resolve(import.meta.dirname, "../fixtures/kubeconfig/corpus");
const GUID = "0b8e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

function suggestionOf(file: string) {
  const [option] = kubeconfigContextOptions(readFileSync(path.join(CORPUS, file), "utf8"));
  const connector = option?.problems?.find((problem) => problem.connector)?.connector;
  if (!connector) throw new Error(`${file}: no connector suggested`);
  return connector;
}

/** What the person adds: the secrets, which no kubeconfig carries. */
function completed(values: ConnectorValues): ConnectorValues {
  if (values.type === "eks") return { ...values, accessKeyId: "AKIAABCDEFGHIJKLMNOP", secretAccessKey: "s3cret" };
  if (values.type === "gke") return { ...values, key: '{"type":"service_account"}' };
  return { ...values, clientId: values.clientId || GUID, clientSecret: "s3cret" };
}

describe("connector forms", () => {
  it.each([
    ["eks.yaml", { type: "eks", clusterName: "prod", region: "eu-west-1" }],
    ["eks-eksctl.yaml", { type: "eks" }],
    ["gke.yaml", { type: "gke", server: "https://34.118.42.7" }],
    ["aks.yaml", { type: "aks", tenantId: "3f1c2b7e-8a4d-4e6f-9b0a-5c7d1e2f3a4b" }],
  ])("%s prefills its form, which the server accepts once the secret is added", (file, expected) => {
    const values = connectorFromSuggestion(suggestionOf(file));
    expect(values).toMatchObject(expected);
    expect(values.certificateAuthority).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(missingFields(values).length).toBeGreaterThan(0);
    const filled = completed(values);
    expect(missingFields(filled)).toEqual([]);
    const parsed = connectorSchema.safeParse(toConnectorInput(filled));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it("sends only the chosen method's secrets and leaves empty optional fields out", () => {
    const eks = {
      ...(emptyConnector("eks") as Extract<ConnectorValues, { type: "eks" }>),
      clusterName: "prod",
      region: "eu-west-1",
      accessKeyId: "AKIAABCDEFGHIJKLMNOP",
      secretAccessKey: "left-behind",
      method: "assumeRole" as const,
      roleArn: "arn:aws:iam::123456789012:role/viewer",
    };
    expect(toConnectorInput(eks)).toEqual({
      type: "eks",
      clusterName: "prod",
      region: "eu-west-1",
      auth: { method: "assumeRole", roleArn: "arn:aws:iam::123456789012:role/viewer" },
    });
    expect(missingFields({ ...eks, roleArn: " " })).toEqual(["roleArn"]);
  });

  it("places the server's error paths under the form's fields", () => {
    const aks = emptyConnector("aks");
    expect(fieldOfPath(aks, "connector.auth.clientSecret")).toBe("clientSecret");
    expect(fieldOfPath(aks, "connector.tenantId")).toBe("tenantId");
    expect(fieldOfPath(aks, "credential.connector.server")).toBe("server");
    expect(fieldOfPath(aks, "connector.region")).toBeUndefined();
    expect(fieldOfPath(aks, "connector.type")).toBeUndefined();
    expect(fieldOfPath(emptyConnector("gke"), "connector.auth.key")).toBe("key");
  });
});
