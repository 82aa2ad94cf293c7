/**
 * Secrets (docs/operations.md, "Secrets"): metadata without values; one key revealed on its own
 * permission, audited by secret and key name (never the value), refused when the cluster's RBAC
 * refuses `get` on that Secret; typed writes that report which keys change, by name only.
 * A value leaves this file in exactly one place: the reveal answer.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { CertificateFacts, SecretKeyChanges, SecretMetadata, SecretWriteResult } from "@/lib/operations/types";
import { asRecord, asString } from "@/lib/resources/cells";
import { secretKeys } from "@/lib/resources/kinds/secret";
import type { KubeObject } from "@/lib/resources/types";
import type { OrgContext } from "../auth/actor";
import { type ObjectTarget, readInCluster, runClusterAction } from "./cluster-action";

const KEY = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[-._a-zA-Z0-9]+$/, "a Secret key has letters, digits, '-', '_' and '.' only");
/** A value as typed into a form; Kubernetes caps the whole Secret at 1 MiB. */
const VALUE = z.string().max(1024 * 1024);

export const revealInput = z.object({ key: KEY });

const opaque = z.object({
  type: z.literal("Opaque"),
  data: z.record(KEY, VALUE).refine((data) => Object.keys(data).length <= 256, "at most 256 keys"),
  removeKeys: z.array(KEY).max(256).optional(),
});
const tls = z.object({
  type: z.literal("kubernetes.io/tls"),
  data: z.object({ "tls.crt": VALUE.min(1), "tls.key": VALUE.min(1) }),
});
const docker = z.object({
  type: z.literal("kubernetes.io/dockerconfigjson"),
  data: z.object({
    registry: z.string().min(1).max(253),
    username: z.string().min(1).max(253),
    password: VALUE.min(1),
    email: z.string().max(253).optional(),
  }),
});
const basicAuth = z.object({
  type: z.literal("kubernetes.io/basic-auth"),
  data: z.object({ username: VALUE.min(1), password: VALUE.min(1) }),
});

export const secretWriteInput = z.discriminatedUnion("type", [opaque, tls, docker, basicAuth]).and(
  z.object({
    resourceVersion: z.string().min(1).max(64).optional(),
    /** A new Secret only: an existing one of that name is a conflict, never overwritten. */
    create: z.boolean().optional(),
  }),
);

export type SecretWrite = z.infer<typeof secretWriteInput>;

export function secretTarget(params: { id: string; namespace: string; name: string }): ObjectTarget {
  return { clusterId: params.id, resource: "secrets", namespace: params.namespace, name: params.name };
}

export async function getSecretMetadata(context: OrgContext, target: ObjectTarget): Promise<SecretMetadata> {
  return readInCluster(context, target, ["get"], async (operation) => metadataOf(await operation.call()), {
    byName: true,
  });
}

/** The one key's value, decoded: UTF-8 when it is text, else base64 (said so in `encoding`). */
export async function revealSecretKey(context: OrgContext, target: ObjectTarget, input: z.infer<typeof revealInput>) {
  const spec = {
    action: "reveal",
    audit: "secret.reveal",
    intent: `secret ${target.namespace}/${target.name} key ${input.key} revealed`,
    verbs: ["get"],
    byName: true,
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const secret = await operation.call();
    const encoded = asRecord(secret.data)[input.key];
    if (typeof encoded !== "string") {
      throw new AppError("NOT_FOUND", `key: ${target.name} has no key "${input.key}"`, "key");
    }
    const bytes = Buffer.from(encoded, "base64");
    const text = bytes.toString("utf8");
    const isText = Buffer.from(text, "utf8").equals(bytes);
    return {
      result: {
        key: input.key,
        value: isText ? text : encoded,
        encoding: isText ? ("utf8" as const) : ("base64" as const),
      },
    };
  });
}

/**
 * Create the Secret, or update it: the typed form's keys are set, `removeKeys` removed, every other
 * key kept as it is. The answer and the audit row name the keys that change; no value comes back.
 */
export async function writeSecret(
  context: OrgContext,
  target: ObjectTarget,
  input: SecretWrite,
  dryRun = false,
): Promise<SecretWriteResult> {
  const data = encodeData(input);
  const spec = {
    action: "edit",
    audit: "secret.write",
    intent: `secret ${target.namespace}/${target.name} (${input.type}) keys ${Object.keys(data).join(", ")}`,
    verbs: ["get"],
    byName: true,
    dryRun,
  } as const;
  return runClusterAction(context, target, spec, async (operation) => {
    const existing = await operation.call().catch((error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") return null;
      throw error;
    });
    if (existing && input.create) {
      throw new AppError(
        "CONFLICT",
        `metadata.name: a Secret named ${target.name} already exists in namespace ${target.namespace}`,
        "metadata.name",
      );
    }
    const removeKeys = input.type === "Opaque" ? (input.removeKeys ?? []) : [];
    const before = asRecord(existing?.data) as Record<string, string>;
    const after: Record<string, string> = { ...before, ...data };
    for (const key of removeKeys) delete after[key];
    const changes = keyChanges(before, after);
    let saved: KubeObject;
    if (existing) {
      if (existing.type !== input.type) {
        throw new AppError(
          "INVALID_INPUT",
          `type: a Secret's type cannot change (it is ${String(existing.type)})`,
          "type",
        );
      }
      await operation.require(["update"]);
      const metadata = {
        ...existing.metadata,
        resourceVersion: input.resourceVersion ?? existing.metadata?.resourceVersion,
      };
      saved = await operation.call({ method: "PUT", body: { ...existing, metadata, data: after }, dryRun });
    } else {
      await operation.require(["create"]);
      const body = {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: target.name, namespace: target.namespace },
        type: input.type,
        data: after,
      };
      saved = await operation.call({ collection: true, method: "POST", body, dryRun });
    }
    const result: SecretWriteResult = {
      created: !existing,
      keys: changes,
      resourceVersion: saved.metadata?.resourceVersion ?? "",
      dryRun,
      ...(input.type === "kubernetes.io/tls" && {
        certificate: certificateFacts(input.data["tls.crt"], "data.tls.crt"),
      }),
    };
    return { result, change: describeKeyChanges(changes, !existing) };
  });
}

export function keyChanges(before: Record<string, string>, after: Record<string, string>): SecretKeyChanges {
  const added = Object.keys(after).filter((key) => !(key in before));
  const removed = Object.keys(before).filter((key) => !(key in after));
  const changed = Object.keys(after).filter((key) => key in before && before[key] !== after[key]);
  return { added, changed, removed };
}

function describeKeyChanges(changes: SecretKeyChanges, created: boolean): string {
  const parts = [
    changes.added.length > 0 && `added ${changes.added.join(", ")}`,
    changes.changed.length > 0 && `changed ${changes.changed.join(", ")}`,
    changes.removed.length > 0 && `removed ${changes.removed.join(", ")}`,
  ].filter(Boolean);
  return `${created ? "created" : "updated"}; keys ${parts.join("; ") || "unchanged"}`;
}

/** The typed form's fields as the Secret's base64 `data`. Problems name the field, never its value. */
function encodeData(input: SecretWrite): Record<string, string> {
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  switch (input.type) {
    case "Opaque":
      return Object.fromEntries(Object.entries(input.data).map(([key, value]) => [key, base64(value)]));
    case "kubernetes.io/tls":
      assertKeyMatches(input.data["tls.crt"], input.data["tls.key"]);
      return { "tls.crt": base64(input.data["tls.crt"]), "tls.key": base64(input.data["tls.key"]) };
    case "kubernetes.io/dockerconfigjson": {
      const { registry, username, password, email } = input.data;
      const auth = base64(`${username}:${password}`);
      const config = { auths: { [registry]: { username, password, auth, ...(email && { email }) } } };
      return { ".dockerconfigjson": base64(JSON.stringify(config)) };
    }
    case "kubernetes.io/basic-auth":
      return { username: base64(input.data.username), password: base64(input.data.password) };
  }
}

/** The key must be a PEM private key, and the one the certificate's public key belongs to. */
function assertKeyMatches(certificatePem: string, keyPem: string) {
  const certificate = parseCertificate(certificatePem, "data.tls.crt");
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new AppError("INVALID_INPUT", "data.tls.key: not a PEM private key", "data.tls.key");
  }
  let matches = false;
  try {
    matches = certificate.checkPrivateKey(key);
  } catch {
    // A key of another algorithm than the certificate's: no match.
  }
  if (!matches) {
    throw new AppError(
      "INVALID_INPUT",
      "data.tls.key: the private key does not belong to the certificate in data.tls.crt",
      "data.tls.key",
    );
  }
}

function metadataOf(secret: KubeObject): SecretMetadata {
  const type = asString(secret.type) ?? "Opaque";
  const certificate = asRecord(secret.data)["tls.crt"];
  return {
    namespace: secret.metadata?.namespace ?? "",
    name: secret.metadata?.name ?? "",
    type,
    keys: secretKeys(secret),
    resourceVersion: secret.metadata?.resourceVersion ?? "",
    created: secret.metadata?.creationTimestamp ?? null,
    ...(type === "kubernetes.io/tls" && {
      certificate:
        typeof certificate === "string" ? safeFacts(Buffer.from(certificate, "base64").toString("utf8")) : null,
    }),
  };
}

/** A certificate's subject, issuer and expiry: public facts, shown so an expired one is seen before it bites. */
function certificateFacts(pem: string, path: string): CertificateFacts {
  const certificate = parseCertificate(pem, path);
  return {
    subject: certificate.subject.replace(/\n/g, ", "),
    issuer: certificate.issuer.replace(/\n/g, ", "),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

function parseCertificate(pem: string, path: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new AppError("INVALID_INPUT", `${path}: not a PEM certificate`, path);
  }
}

function safeFacts(pem: string) {
  try {
    return certificateFacts(pem, "tls.crt");
  } catch {
    return null;
  }
}
