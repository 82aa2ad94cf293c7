import { asRecord, asString, capList, capText, MAX_WORD } from "../cells";
import { column } from "../columns";
import { defineKind, editAndDelete } from "../define-kind";
import { stripMetadata } from "../strip";
import type { KubeObject } from "../types";

/** A Secret key as Pilothouse shows it: its name and the size of its value, never the value. */
export type SecretKey = { name: string; bytes: number };

/**
 * What a Secret looks like after redact(): `data` and `stringData` are gone, and so is the
 * last-applied-configuration annotation (kubectl apply copies the whole manifest, values included,
 * into it). `keys` lists each key with its size. Built from an allowlist of fields, so a field
 * the API grows later is dropped rather than leaked.
 */
export type RedactedSecret = {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObject["metadata"];
  type?: string;
  immutable?: boolean;
  keys: SecretKey[];
};

/**
 * The decoded size of a base64 value, from its length and its padding alone: the value itself
 * is never decoded or copied ("=" is encoding, not secret).
 */
function decodedBytes(encoded: unknown): number {
  if (typeof encoded !== "string") return 0;
  const padding = encoded.endsWith("==") ? 2 : encoded.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((encoded.length * 3) / 4) - padding);
}

/** Every key with its size. stringData (write-only, normally never returned) counts its length. */
export function secretKeys(object: KubeObject): SecretKey[] {
  const keys = Object.entries(asRecord(object.data)).map(([name, value]) => ({ name, bytes: decodedBytes(value) }));
  const seen = new Set(keys.map((key) => key.name));
  for (const [name, value] of Object.entries(asRecord(object.stringData))) {
    if (!seen.has(name)) keys.push({ name, bytes: typeof value === "string" ? value.length : 0 });
  }
  return keys;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export function redactSecret(object: KubeObject): RedactedSecret & KubeObject {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: stripMetadata(object.metadata),
    type: asString(object.type),
    ...(typeof object.immutable === "boolean" && { immutable: object.immutable }),
    keys: secretKeys(object),
  };
}

export const secret = defineKind({
  kind: "Secret",
  plural: "secrets",
  category: "config",
  columns: [
    column.text("type", "Type"),
    column.number("data", "Data"),
    column.list("keys", "Keys", { secondary: true }),
    column.text("keySizes", "Sizes", { secondary: true }),
  ],
  // Names and sizes only: a value is never read beyond its length.
  toCells: (object) => {
    const keys = secretKeys(object);
    return {
      type: capText(asString(object.type) ?? "Opaque", MAX_WORD),
      data: keys.length,
      keys: capList(keys.map((key) => key.name)),
      keySizes: capText(keys.map((key) => `${key.name} ${formatBytes(key.bytes)}`).join(", "), 120),
      bytes: keys.reduce((sum, key) => sum + key.bytes, 0),
    };
  },
  actions: { ...editAndDelete, reveal: "secrets.reveal" },
  redact: redactSecret,
});
