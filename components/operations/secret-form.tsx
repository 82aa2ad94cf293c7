"use client";

import { useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Button, Dialog, Input } from "@/components/ui";
import { writeSecretAction } from "@/lib/actions/operations";
import type { SecretMetadata } from "@/lib/operations/types";
import { OperationFooter } from "./operation-footer";
import { targetOf } from "./use-operation-access";
import { useRunOperation } from "./use-run-operation";

type Row = { key: string; value: string; remove: boolean };

/**
 * A typed Secret form. Opaque: new values for some keys, new keys, keys removed — the keys that
 * change are listed (names only) before saving. TLS, docker registry and basic auth: their fields.
 * Existing values are never loaded into the form.
 */
export function SecretForm({
  context,
  metadata,
  onClose,
}: {
  context: DetailContext;
  metadata: SecretMetadata;
  onClose: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(
    metadata.keys.map((entry) => ({ key: entry.name, value: "", remove: false })),
  );
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const { pending, run } = useRunOperation();
  const existing = new Set(metadata.keys.map((entry) => entry.name));
  const opaque = metadata.type === "Opaque";

  const set = rows.filter((row) => !row.remove && row.key && row.value !== "");
  const changes = {
    added: set.filter((row) => !existing.has(row.key)).map((row) => row.key),
    changed: set.filter((row) => existing.has(row.key)).map((row) => row.key),
    removed: rows.filter((row) => row.remove && existing.has(row.key)).map((row) => row.key),
  };

  function change() {
    if (opaque) {
      return {
        type: "Opaque" as const,
        data: Object.fromEntries(set.map((row) => [row.key, row.value])),
        removeKeys: changes.removed,
        resourceVersion: metadata.resourceVersion,
      };
    }
    return { type: metadata.type, data: fields, resourceVersion: metadata.resourceVersion } as never;
  }

  const typedFields: Record<string, string[]> = {
    "kubernetes.io/tls": ["tls.crt", "tls.key"],
    "kubernetes.io/dockerconfigjson": ["registry", "username", "password", "email"],
    "kubernetes.io/basic-auth": ["username", "password"],
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="md"
      title={`Edit ${context.name}`}
      description="Values you leave empty stay as they are; they are never shown here."
      data-testid="secret-form"
      footer={
        <OperationFooter
          onCancel={onClose}
          pending={pending}
          testId="secret-save"
          label="Save"
          onConfirm={() =>
            run(
              () => writeSecretAction({ target: targetOf(context), change: change() }),
              { success: `Saved ${context.name}`, failure: `Could not save ${context.name}` },
              { onDone: onClose, onError: (failure) => setError(failure.message) },
            )
          }
        />
      }
    >
      <div className="flex flex-col gap-3">
        {opaque ? (
          <>
            {rows.map((row, index) => (
              <div key={index} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
                <Input
                  label="Key"
                  value={row.key}
                  disabled={existing.has(row.key)}
                  onChange={(event) => setRows(update(rows, index, { key: event.target.value }))}
                />
                <Input
                  label="New value"
                  type="password"
                  autoComplete="off"
                  value={row.value}
                  onChange={(event) => setRows(update(rows, index, { value: event.target.value }))}
                  data-testid={`secret-value-input-${row.key || index}`}
                />
                <label className="flex items-center gap-1 pb-2 text-xs">
                  <input
                    type="checkbox"
                    checked={row.remove}
                    onChange={(event) => setRows(update(rows, index, { remove: event.target.checked }))}
                  />
                  remove
                </label>
              </div>
            ))}
            <Button size="sm" variant="ghost" onClick={() => setRows([...rows, { key: "", value: "", remove: false }])}>
              Add a key
            </Button>
            <p className="text-sm text-text-muted" data-testid="secret-key-changes">
              Added: {changes.added.join(", ") || "none"} · Changed: {changes.changed.join(", ") || "none"} · Removed:{" "}
              {changes.removed.join(", ") || "none"}
            </p>
          </>
        ) : (
          (typedFields[metadata.type] ?? []).map((field) => (
            <Input
              key={field}
              label={field}
              type={field.includes("password") || field.endsWith(".key") ? "password" : "text"}
              autoComplete="off"
              value={fields[field] ?? ""}
              onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
            />
          ))
        )}
        {error ? (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}

function update(rows: Row[], index: number, change: Partial<Row>): Row[] {
  return rows.map((row, at) => (at === index ? { ...row, ...change } : row));
}
