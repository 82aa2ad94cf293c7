"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Button, Dialog, Input } from "@/components/ui";
import { SelectChevron } from "@/components/ui/select-chevron";
import { writeSecretAction } from "@/lib/actions/operations";
import type { SecretKeyChanges, SecretMetadata, SecretWriteResult } from "@/lib/operations/types";
import { objectHref } from "@/lib/resources/links";
import { useNow } from "@/components/resources/use-now";
import { NamespaceSelect } from "./namespace-select";
import { OperationFooter, PreviewFooter } from "./operation-footer";
import { targetOf } from "./use-operation-access";
import { useRunOperation } from "./use-run-operation";

type Row = { key: string; value: string; remove: boolean };

/** The Secret types with a typed form, and their fields (Opaque: free key/value rows). */
export const SECRET_TYPES = [
  "Opaque",
  "kubernetes.io/tls",
  "kubernetes.io/dockerconfigjson",
  "kubernetes.io/basic-auth",
];
const TYPED_FIELDS: Record<string, string[]> = {
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
  "kubernetes.io/dockerconfigjson": ["registry", "username", "password", "email"],
  "kubernetes.io/basic-auth": ["username", "password"],
};
/** Multi-line PEM fields get a text area. */
const PEM_FIELDS = new Set(["tls.crt", "tls.key"]);

/**
 * What a typed form holds and the write it makes. Values stay in this state only: never in the
 * URL, a store or a log; existing values are never loaded.
 */
function useSecretDraft(type: string, existingKeys: readonly string[]) {
  const existing = new Set(existingKeys);
  const [rows, setRows] = useState<Row[]>(
    existingKeys.length > 0
      ? existingKeys.map((key) => ({ key, value: "", remove: false }))
      : [{ key: "", value: "", remove: false }],
  );
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = rows.filter((row) => !row.remove && row.key && row.value !== "");
  const changes: SecretKeyChanges = {
    added: set.filter((row) => !existing.has(row.key)).map((row) => row.key),
    changed: set.filter((row) => existing.has(row.key)).map((row) => row.key),
    removed: rows.filter((row) => row.remove && existing.has(row.key)).map((row) => row.key),
  };
  const write = (extra: { resourceVersion?: string; create?: boolean }) =>
    type === "Opaque"
      ? {
          type: "Opaque" as const,
          data: Object.fromEntries(set.map((row) => [row.key, row.value])),
          removeKeys: changes.removed,
          ...extra,
        }
      : ({ type, data: withoutEmpty(fields), ...extra } as never);
  return { type, existing, rows, setRows, fields, setFields, changes, write };
}

type Draft = ReturnType<typeof useSecretDraft>;

function withoutEmpty(fields: Record<string, string>) {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ""));
}

/** The form's fields for the draft's type: key/value rows for Opaque, the type's own fields otherwise. */
function SecretFields({ draft }: { draft: Draft }) {
  const { rows, setRows, existing, fields, setFields } = draft;
  if (draft.type !== "Opaque") {
    return (
      <>
        {(TYPED_FIELDS[draft.type] ?? []).map((field) =>
          PEM_FIELDS.has(field) ? (
            <label key={field} className="flex flex-col gap-1.5 text-sm font-medium text-text">
              {field}
              <textarea
                rows={4}
                spellCheck={false}
                autoComplete="off"
                value={fields[field] ?? ""}
                onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
                placeholder={field.endsWith(".key") ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN CERTIFICATE-----"}
                className="rounded-md border border-border bg-surface p-2 font-mono text-xs"
                data-testid={`secret-field-${field}`}
              />
            </label>
          ) : (
            <Input
              key={field}
              label={field}
              type={field.includes("password") ? "password" : "text"}
              autoComplete="off"
              value={fields[field] ?? ""}
              onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
              data-testid={`secret-field-${field}`}
            />
          ),
        )}
      </>
    );
  }
  return (
    <>
      {rows.map((row, index) => (
        <div key={index} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
          <Input
            label="Key"
            value={row.key}
            disabled={existing.has(row.key)}
            onChange={(event) => setRows(update(rows, index, { key: event.target.value }))}
            data-testid={`secret-key-input-${index}`}
          />
          <Input
            label={existing.has(row.key) ? "New value" : "Value"}
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
    </>
  );
}

/** Which keys the save changes, by name only. */
function KeyChanges({ changes }: { changes: SecretKeyChanges }) {
  return (
    <p className="text-sm text-text-muted" data-testid="secret-key-changes">
      Added: {changes.added.join(", ") || "none"} · Changed: {changes.changed.join(", ") || "none"} · Removed:{" "}
      {changes.removed.join(", ") || "none"}
    </p>
  );
}

function Problem({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="text-sm text-danger" data-testid="secret-error">
      {message}
    </p>
  ) : null;
}

/**
 * Edit a Secret with its typed form. Opaque: new values for some keys, new keys, keys removed —
 * the keys that change are listed (names only) before saving. TLS, docker registry and basic
 * auth: their fields. Existing values are never loaded into the form.
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
  const draft = useSecretDraft(
    metadata.type,
    metadata.keys.map((entry) => entry.name),
  );
  const [error, setError] = useState<string>();
  const { pending, run } = useRunOperation();

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
              () =>
                writeSecretAction({
                  target: targetOf(context),
                  change: draft.write({ resourceVersion: metadata.resourceVersion }),
                }),
              { success: `Saved ${context.name}`, failure: `Could not save ${context.name}` },
              { onDone: onClose, onError: (failure) => setError(failure.message) },
            )
          }
        />
      }
    >
      <div className="flex flex-col gap-3">
        <SecretFields draft={draft} />
        {draft.type === "Opaque" ? <KeyChanges changes={draft.changes} /> : null}
        <Problem message={error} />
      </div>
    </Dialog>
  );
}

/**
 * A new Secret from a typed form (the Secrets list's "New Secret"). A server-side dry run comes
 * first: it names the keys that will be stored and, for TLS, what the certificate says (subject,
 * issuer, expiry) and that the key belongs to it. Then the Secret's page.
 */
export function NewSecretDialog({
  clusterId,
  namespaces,
  namespace: initial,
  onClose,
}: {
  clusterId: string;
  namespaces: readonly string[];
  namespace?: string;
  onClose: () => void;
}) {
  const [type, setType] = useState("Opaque");
  const [name, setName] = useState("");
  const [namespace, setNamespace] = useState(initial && namespaces.includes(initial) ? initial : namespaces[0]);
  // Another type is another form: its fields start empty; name and namespace stay.
  return (
    <NewSecretForm
      key={type}
      type={type}
      onType={setType}
      clusterId={clusterId}
      namespaces={namespaces}
      place={{ name, setName, namespace, setNamespace }}
      onClose={onClose}
    />
  );
}

type Place = {
  name: string;
  setName: (name: string) => void;
  namespace: string | undefined;
  setNamespace: (namespace: string) => void;
};

function NewSecretForm({
  type,
  onType,
  clusterId,
  namespaces,
  place,
  onClose,
}: {
  type: string;
  onType: (type: string) => void;
  clusterId: string;
  namespaces: readonly string[];
  place: Place;
  onClose: () => void;
}) {
  const draft = useSecretDraft(type, []);
  const { name, setName, namespace, setNamespace } = place;
  const [preview, setPreview] = useState<SecretWriteResult | null>(null);
  const [error, setError] = useState<string>();
  const { pending, run } = useRunOperation();
  const router = useRouter();
  const ready = name.trim() !== "" && namespace !== undefined;

  function submit(dryRun: boolean) {
    const target = { clusterId, resource: "secrets", namespace: namespace!, name: name.trim() };
    run(
      () => writeSecretAction({ target, change: draft.write({ create: true }), dryRun }),
      { ...(!dryRun && { success: `Created ${target.name}` }), failure: `Could not create ${target.name}` },
      {
        onDone: (result) => {
          setError(undefined);
          if (dryRun) return setPreview(result);
          onClose();
          router.push(objectHref({ ...target, namespace: target.namespace }));
        },
        onError: (failure) => setError(failure.message),
      },
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      size="md"
      title="New Secret"
      description="Values are sent once and never shown again here."
      data-testid="new-secret-dialog"
      footer={
        <PreviewFooter
          onCancel={onClose}
          onPreview={() => submit(true)}
          onConfirm={() => submit(false)}
          pending={pending}
          previewed={preview !== null}
          ready={ready}
          testIds={{ preview: "new-secret-preview", confirm: "new-secret-create" }}
        />
      }
    >
      {/* Any change after the preview (inputs' change events bubble here) needs a new preview. */}
      <div className="flex flex-col gap-3" onChange={() => setPreview(null)}>
        <Input
          label="Name"
          value={name}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
          data-testid="new-secret-name"
        />
        <NamespaceSelect namespaces={namespaces} value={namespace} onChange={setNamespace} />
        <label className="flex flex-col gap-1.5 text-sm font-medium text-text">
          Type
          <span className="relative">
            <select
              value={type}
              onChange={(event) => onType(event.target.value)}
              className="h-9 w-full appearance-none rounded-md border border-border bg-surface pr-8 pl-3 text-sm"
              data-testid="new-secret-type"
            >
              {SECRET_TYPES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
            <SelectChevron />
          </span>
        </label>
        <SecretFields draft={draft} />
        <Problem message={error} />
        {preview ? <SecretPreview preview={preview} /> : null}
      </div>
    </Dialog>
  );
}

/** The dry run's answer: key names, and for TLS the certificate's public facts. */
function SecretPreview({ preview }: { preview: SecretWriteResult }) {
  const now = useNow();
  const expired = preview.certificate && new Date(preview.certificate.notAfter).getTime() < now;
  return (
    <div className="flex flex-col gap-1 rounded-md border border-border p-3 text-sm" data-testid="new-secret-summary">
      <p>
        Keys stored: <span className="font-mono">{preview.keys.added.join(", ") || "none"}</span>
      </p>
      {preview.certificate ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-text-muted">Subject</dt>
          <dd className="break-all" data-testid="certificate-subject">
            {preview.certificate.subject}
          </dd>
          <dt className="text-text-muted">Issuer</dt>
          <dd className="break-all" data-testid="certificate-issuer">
            {preview.certificate.issuer}
          </dd>
          <dt className="text-text-muted">Expires</dt>
          <dd className={expired ? "text-danger" : undefined} data-testid="certificate-expiry">
            <time dateTime={preview.certificate.notAfter}>{preview.certificate.notAfter.slice(0, 10)}</time>
            {expired ? " (expired)" : ""}
          </dd>
        </dl>
      ) : null}
    </div>
  );
}

function update(rows: Row[], index: number, change: Partial<Row>): Row[] {
  return rows.map((row, at) => (at === index ? { ...row, ...change } : row));
}
