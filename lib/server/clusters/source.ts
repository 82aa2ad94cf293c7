import { AppError } from "@/lib/errors";
import type { ClusterSource } from "@/lib/validations/clusters";
import { parseKubeconfig, sanitizeContext, type KubeconfigCredential, type ParsedKubeconfig } from "../k8s/kubeconfig";

/** The allowlisted endpoint and credential a registration or rotation stores. */
export type ClusterMaterial = {
  server: string;
  caData?: string;
  tlsServerName?: string;
  namespace?: string;
  credential: KubeconfigCredential;
  /** Where the server address came from in the input: a refused address is that field's error. */
  serverPath: string;
};

/** A kubeconfig already parsed once for this request (several contexts of one upload share it). */
export type ParsedKubeconfigSource = { parsedKubeconfig: ParsedKubeconfig; context?: string };

/** From a pasted kubeconfig (sanitized, docs/security.md §1) or the server + CA + token form. */
export function materialFromSource(source: ClusterSource | ParsedKubeconfigSource): ClusterMaterial {
  if ("parsedKubeconfig" in source) return materialFromKubeconfig(source.parsedKubeconfig, source.context);
  if ("kubeconfig" in source) return materialFromKubeconfig(parseKubeconfig(source.kubeconfig), source.context);
  if (/\s/.test(source.token))
    throw new AppError("INVALID_INPUT", "The token must not contain spaces or line breaks.", "token");
  return {
    server: source.server,
    caData: source.certificateAuthority ? caToBase64(source.certificateAuthority) : undefined,
    credential: { type: "token", token: source.token },
    serverPath: "server",
  };
}

function materialFromKubeconfig(parsed: ParsedKubeconfig, context: string | undefined): ClusterMaterial {
  const normalized = sanitizeContext(parsed, context);
  return {
    server: normalized.server,
    caData: normalized.caData,
    tlsServerName: normalized.tlsServerName,
    namespace: normalized.namespace,
    credential: normalized.credential,
    serverPath: normalized.serverPath,
  };
}

/** Accept the CA as PEM text or as base64 of PEM (what kubeconfigs hold). */
function caToBase64(value: string): string {
  const pem = value.includes("-----BEGIN CERTIFICATE-----") ? value : Buffer.from(value, "base64").toString("utf8");
  if (!/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(pem.trim())) {
    throw new AppError(
      "INVALID_INPUT",
      "The CA certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----) or its base64.",
      "certificateAuthority",
    );
  }
  return Buffer.from(pem.trim() + "\n").toString("base64");
}

/**
 * Run a validation now but report its error later, inside the audited step: a refused input still
 * leaves an attempt row (with outcome `failure`), yet the row can name what was valid.
 */
export function deferInvalid<T>(validate: () => T): { value: T | undefined; unwrap(): T } {
  try {
    const value = validate();
    return { value, unwrap: () => value };
  } catch (error) {
    return {
      value: undefined,
      unwrap: () => {
        throw error;
      },
    };
  }
}
