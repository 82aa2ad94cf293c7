"use client";

import { useEffect, useState } from "react";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Badge, Button, Dialog, Spinner } from "@/components/ui";
import { diffRevisionsAction, listRevisionsAction, rollbackAction } from "@/lib/actions/operations";
import type { RevisionCard, RevisionDiff, RollbackResult } from "@/lib/operations/types";
import { OperationFooter } from "./operation-footer";
import { TemplateChanges, UnifiedDiff } from "./template-diff-view";
import { targetOf, useOperationAccess } from "./use-operation-access";
import { useRunOperation } from "./use-run-operation";

export const REVISION_KINDS = ["Deployment", "StatefulSet", "DaemonSet"];

/**
 * Revision cards, newest first; a card diffs against the current revision and rolls back to
 * itself after a server-side dry run shows what would change. Reloaded whenever the live object
 * changes, so a rollback (anyone's) shows up without a refresh.
 */
export function RevisionsTab(context: DetailContext) {
  const [revisions, setRevisions] = useState<RevisionCard[] | null>(null);
  const [error, setError] = useState<string>();
  const [diff, setDiff] = useState<RevisionDiff | null>(null);
  const [rollbackTo, setRollbackTo] = useState<RevisionCard | null>(null);
  const access = useOperationAccess(context);
  const target = targetOf(context);
  const key = JSON.stringify(target);
  const version = context.object?.metadata?.resourceVersion;

  useEffect(() => {
    void listRevisionsAction(JSON.parse(key)).then((result) => {
      if (result.ok) setRevisions(result.data);
      else setError(result.error.message);
    });
  }, [key, version]);

  if (error) return <p className="text-sm text-danger">{error}</p>;
  if (!revisions) {
    return (
      <p className="flex items-center gap-2 text-sm text-text-muted">
        <Spinner /> Reading revisions…
      </p>
    );
  }
  const current = revisions.find((revision) => revision.current);
  const rollback = access?.rollback;

  async function showDiff(revision: RevisionCard) {
    const result = await diffRevisionsAction({
      target,
      from: current?.revision ?? revision.revision,
      to: revision.revision,
    });
    if (result.ok) setDiff(result.data);
    else setError(result.error.message);
  }

  return (
    <div className="flex flex-col gap-3" data-testid="revisions">
      {revisions.map((revision) => (
        <article
          key={revision.revision}
          data-testid={`revision-${revision.revision}`}
          className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-4"
        >
          <header className="flex flex-wrap items-center gap-2">
            <h3 className="text-base font-semibold">Revision {revision.revision}</h3>
            {revision.current ? <Badge tone="success">current</Badge> : null}
            <span className="text-sm text-text-muted">
              {revision.pods} pod{revision.pods === 1 ? "" : "s"} · {age(revision.created)}
            </span>
          </header>
          <ul className="font-mono text-xs break-all">
            {revision.images.map((image) => (
              <li key={image.container}>
                {image.container}: {image.image}
              </li>
            ))}
          </ul>
          {revision.changeCause ? <p className="text-sm text-text-muted">{revision.changeCause}</p> : null}
          {!revision.current ? (
            <div className="flex flex-wrap gap-2">
              <Button size="sm" variant="secondary" onClick={() => void showDiff(revision)} data-testid="revision-diff">
                Diff with current
              </Button>
              <Button
                size="sm"
                variant="secondary"
                disabled={!rollback?.allowed}
                title={rollback?.allowed ? undefined : rollback?.reason}
                onClick={() => setRollbackTo(revision)}
                data-testid="revision-rollback"
              >
                Roll back to this
              </Button>
            </div>
          ) : null}
        </article>
      ))}
      {diff ? (
        <Dialog
          open
          onClose={() => setDiff(null)}
          size="lg"
          title={`Revision ${diff.from} → revision ${diff.to}`}
          data-testid="revision-diff-dialog"
        >
          <div className="flex flex-col gap-4">
            <TemplateChanges changes={diff.changes} />
            <UnifiedDiff text={diff.yaml} />
          </div>
        </Dialog>
      ) : null}
      {rollbackTo ? (
        <RollbackDialog
          context={context}
          revision={rollbackTo}
          resourceVersion={version}
          onClose={() => setRollbackTo(null)}
        />
      ) : null}
    </div>
  );
}

/** The dry run first (what the apiserver would store), then the rollback with the version previewed. */
function RollbackDialog({
  context,
  revision,
  resourceVersion,
  onClose,
}: {
  context: DetailContext;
  revision: RevisionCard;
  resourceVersion?: string;
  onClose: () => void;
}) {
  const [preview, setPreview] = useState<RollbackResult | null>(null);
  const [error, setError] = useState<string>();
  const { pending, run } = useRunOperation();
  const target = targetOf(context);
  const key = JSON.stringify(target);
  const [seenVersion] = useState(resourceVersion);

  useEffect(() => {
    void rollbackAction({
      target: JSON.parse(key),
      change: { toRevision: revision.revision, dryRun: true, ...(seenVersion && { resourceVersion: seenVersion }) },
    }).then((result) => (result.ok ? setPreview(result.data) : setError(result.error.message)));
  }, [key, revision.revision, seenVersion]);

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Roll back ${context.name} to revision ${revision.revision}?`}
      description="A server-side dry run shows what the rollback changes."
      data-testid="rollback-dialog"
      footer={
        <OperationFooter
          onCancel={onClose}
          pending={pending}
          disabled={!preview || !!error}
          testId="rollback-confirm"
          label={`Roll back to revision ${revision.revision}`}
          onConfirm={() =>
            run(
              () =>
                rollbackAction({
                  target,
                  change: {
                    toRevision: revision.revision,
                    ...(preview && { resourceVersion: preview.resourceVersion }),
                  },
                }),
              { success: `Rolling ${context.name} back to revision ${revision.revision}`, failure: "Rollback failed" },
              { onDone: onClose, onError: (failure) => setError(failure.message) },
            )
          }
        />
      }
    >
      {error ? (
        <p role="alert" className="text-sm text-danger" data-testid="rollback-error">
          {error}
        </p>
      ) : preview ? (
        <div data-testid="rollback-preview">
          <TemplateChanges changes={preview.changes} />
        </div>
      ) : (
        <p className="flex items-center gap-2 text-sm text-text-muted">
          <Spinner /> Dry run…
        </p>
      )}
    </Dialog>
  );
}

function age(created: string | null): string {
  if (!created) return "age unknown";
  const seconds = Math.max(0, (Date.now() - Date.parse(created)) / 1000);
  if (seconds < 120) return `${Math.round(seconds)}s old`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m old`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h old`;
  return `${Math.round(seconds / 86_400)}d old`;
}
