"use client";

import { useEffect, useRef, useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Button, Spinner } from "@/components/ui";
import { revealSecretAction, secretMetadataAction } from "@/lib/actions/operations";
import type { SecretMetadata } from "@/lib/operations/types";
import { SecretForm } from "./secret-form";
import { targetOf, useOperationAccess } from "./use-operation-access";

/** A revealed value is on screen this long, then hidden again (docs/operations.md, "Secrets"). */
export const REVEAL_MS = 30_000;

/**
 * A Secret's keys with their sizes; one value at a time revealed on request (audited on the
 * server), hidden again after 30 s or when another is revealed. Values are held only in this
 * component's state, never in the URL or any store.
 */
export function SecretKeysTab(context: DetailContext) {
  const [metadata, setMetadata] = useState<SecretMetadata | null>(null);
  const [error, setError] = useState<string>();
  const [shown, setShown] = useState<{ key: string; value: string; encoding: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const access = useOperationAccess(context);
  const target = targetOf(context);
  const key = JSON.stringify(target);
  const version = context.object?.metadata?.resourceVersion;

  useEffect(() => {
    void secretMetadataAction(JSON.parse(key)).then((result) =>
      result.ok ? setMetadata(result.data) : setError(result.error.message),
    );
  }, [key, version]);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function reveal(name: string) {
    const result = await revealSecretAction({ target, change: { key: name } });
    if (!result.ok) return setError(result.error.message);
    setShown(result.data);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setShown(null), REVEAL_MS);
  }

  if (error) return <p className="text-sm text-danger">{error}</p>;
  if (!metadata) {
    return (
      <p className="flex items-center gap-2 text-sm text-text-muted">
        <Spinner /> Reading keys…
      </p>
    );
  }
  const revealAccess = access?.reveal;
  const editAccess = access?.edit;
  return (
    <div className="flex flex-col gap-4" data-testid="secret-keys">
      <p className="text-sm text-text-muted">
        Type <span className="font-mono text-text">{metadata.type}</span>
        {metadata.certificate ? (
          <>
            {" · "}certificate <span data-testid="certificate-subject">{metadata.certificate.subject}</span>, expires{" "}
            <time dateTime={metadata.certificate.notAfter}>{metadata.certificate.notAfter.slice(0, 10)}</time>
          </>
        ) : null}
      </p>
      <ul className="flex flex-col divide-y divide-border rounded-lg border border-border">
        {metadata.keys.map((entry) => (
          <li key={entry.name} className="flex flex-col gap-2 p-3" data-testid={`secret-key-${entry.name}`}>
            <div className="flex flex-wrap items-center gap-3">
              <span className="font-mono text-sm">{entry.name}</span>
              <span className="text-xs text-text-muted">{entry.bytes} bytes</span>
              <Button
                size="sm"
                variant="secondary"
                className="ml-auto"
                disabled={!revealAccess?.allowed}
                title={revealAccess?.allowed ? undefined : revealAccess?.reason}
                onClick={() => (shown?.key === entry.name ? setShown(null) : void reveal(entry.name))}
                data-testid="secret-reveal"
              >
                {shown?.key === entry.name ? "Hide" : "Reveal"}
              </Button>
            </div>
            {shown?.key === entry.name ? (
              <pre
                className="overflow-x-auto rounded-md bg-surface-sunken p-2 font-mono text-xs break-all whitespace-pre-wrap"
                data-testid="secret-value"
              >
                {shown.value}
                {shown.encoding === "base64" ? " (binary, base64)" : ""}
              </pre>
            ) : null}
          </li>
        ))}
      </ul>
      <div>
        <Button
          size="sm"
          variant="secondary"
          disabled={!editAccess?.allowed}
          title={editAccess?.allowed ? undefined : editAccess?.reason}
          onClick={() => setEditing(true)}
          data-testid="secret-edit"
        >
          Edit keys
        </Button>
      </div>
      {editing ? <SecretForm context={context} metadata={metadata} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}
