import type { CloudConnectorSuggestion, CloudConnectorType } from "@/lib/wire/cloud-connectors";
import type { ConnectorInput } from "@/lib/validations/clusters";

/**
 * The three connector forms as the browser holds them: every field a string, named as the cloud
 * names it (docs/cloud-clusters.md), turned into the API's `connector` object on submit. A form
 * can start prefilled from a refused kubeconfig (the server's connector suggestion), which never
 * carries a secret: only names, ids, the server and its CA.
 */

export type EksValues = {
  type: "eks";
  clusterName: string;
  region: string;
  server: string;
  certificateAuthority: string;
  method: "accessKey" | "assumeRole";
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
};

export type GkeValues = { type: "gke"; server: string; certificateAuthority: string; key: string };

export type AksValues = {
  type: "aks";
  server: string;
  certificateAuthority: string;
  tenantId: string;
  clientId: string;
  serverId: string;
  method: "clientSecret" | "clientCertificate";
  clientSecret: string;
  certificate: string;
};

export type ConnectorValues = EksValues | GkeValues | AksValues;
/** Every field name of every form (the server's error paths end in one of these). */
export type ConnectorField = Exclude<keyof EksValues | keyof GkeValues | keyof AksValues, "type">;

export function emptyConnector(type: CloudConnectorType): ConnectorValues {
  const endpoint = { server: "", certificateAuthority: "" };
  if (type === "eks") {
    return {
      type,
      ...endpoint,
      clusterName: "",
      region: "",
      method: "accessKey",
      accessKeyId: "",
      secretAccessKey: "",
      sessionToken: "",
      roleArn: "",
    };
  }
  if (type === "gke") return { type, ...endpoint, key: "" };
  return {
    type,
    ...endpoint,
    tenantId: "",
    clientId: "",
    serverId: "",
    method: "clientSecret",
    clientSecret: "",
    certificate: "",
  };
}

/** The form of the suggested connector, filled with what the kubeconfig said. */
export function connectorFromSuggestion(suggestion: CloudConnectorSuggestion): ConnectorValues {
  const endpoint = { server: suggestion.server ?? "", certificateAuthority: pemOf(suggestion.caData) };
  switch (suggestion.type) {
    case "eks":
      return {
        ...(emptyConnector("eks") as EksValues),
        ...endpoint,
        clusterName: suggestion.clusterName,
        region: suggestion.region ?? "",
        roleArn: suggestion.roleArn ?? "",
      };
    case "gke":
      return { ...(emptyConnector("gke") as GkeValues), ...endpoint };
    case "aks":
      return {
        ...(emptyConnector("aks") as AksValues),
        ...endpoint,
        tenantId: suggestion.tenantId ?? "",
        clientId: suggestion.clientId ?? "",
        serverId: suggestion.serverId,
      };
  }
}

/** Kubeconfigs hold the CA as base64 of PEM; the form shows the PEM (the server takes either). */
function pemOf(caData: string | undefined): string {
  if (!caData) return "";
  try {
    const pem = atob(caData);
    return pem.includes("-----BEGIN CERTIFICATE-----") ? pem.trim() : caData;
  } catch {
    return caData;
  }
}

/** The fields that must not be empty, for instant feedback; the server checks everything again. */
export function missingFields(values: ConnectorValues): ConnectorField[] {
  const required: ConnectorField[] = [];
  if (values.type === "eks") {
    required.push("clusterName", "region", "roleArn");
    if (values.method === "accessKey") {
      required.splice(required.indexOf("roleArn"), 1);
      required.push("accessKeyId", "secretAccessKey");
    }
  } else if (values.type === "gke") {
    required.push("server", "key");
  } else {
    required.push("server", "tenantId", "clientId", values.method === "clientSecret" ? "clientSecret" : "certificate");
  }
  return required.filter((field) => !String((values as Record<string, string>)[field] ?? "").trim());
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The API's `connector` object: empty optional fields left out, secrets only for the chosen method. */
export function toConnectorInput(values: ConnectorValues): ConnectorInput {
  const server = optional(values.server);
  const certificateAuthority = optional(values.certificateAuthority);
  const endpoint = { ...(server && { server }), ...(certificateAuthority && { certificateAuthority }) };
  if (values.type === "eks") {
    const roleArn = optional(values.roleArn);
    const sessionToken = optional(values.sessionToken);
    return {
      type: "eks",
      clusterName: values.clusterName.trim(),
      region: values.region.trim(),
      ...endpoint,
      auth:
        values.method === "assumeRole"
          ? { method: "assumeRole", roleArn: roleArn ?? "" }
          : {
              method: "accessKey",
              accessKeyId: values.accessKeyId.trim(),
              secretAccessKey: values.secretAccessKey.trim(),
              ...(sessionToken && { sessionToken }),
              ...(roleArn && { roleArn }),
            },
    };
  }
  if (values.type === "gke") {
    return { type: "gke", server: server ?? "", ...endpoint, auth: { method: "serviceAccountKey", key: values.key } };
  }
  const serverId = optional(values.serverId);
  return {
    type: "aks",
    server: server ?? "",
    ...endpoint,
    tenantId: values.tenantId.trim(),
    clientId: values.clientId.trim(),
    ...(serverId && { serverId }),
    auth:
      values.method === "clientSecret"
        ? { method: "clientSecret", clientSecret: values.clientSecret.trim() }
        : { method: "clientCertificate", certificate: values.certificate },
  };
}

/**
 * The form field a server error is about: `connector.auth.secretAccessKey` → `secretAccessKey`,
 * `connector.auth.key` → `key`; undefined when it names no field of this form.
 */
export function fieldOfPath(values: ConnectorValues, path: string | undefined): ConnectorField | undefined {
  const field = path?.replace(/^(credential\.)?connector\./, "").replace(/^auth\./, "");
  if (!field || field === "type" || !(field in values)) return undefined;
  return field as ConnectorField;
}
