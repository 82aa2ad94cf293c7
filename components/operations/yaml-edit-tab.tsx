"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { stringify } from "yaml";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { Button, Spinner } from "@/components/ui";
import { updateYamlAction } from "@/lib/actions/operations";
import { UnifiedDiff } from "./template-diff-view";
import { targetOf, useOperationAccess } from "./use-operation-access";
import { useRunOperation } from "./use-run-operation";

// The editor is only loaded when someone edits.
const YamlEditor = dynamic(() => import("./yaml-editor").then((module) => module.YamlEditor), {
  ssr: false,
  loading: () => <Spinner />,
});

/**
 * Edit the live object as YAML: a server-side dry run shows the diff first, then the update goes
 * with the resourceVersion the edit started from. When someone else changed the object meanwhile
 * the apiserver refuses (409) and the newer version is offered — never overwritten.
 */
export function YamlEditTab(context: DetailContext) {
  const access = useOperationAccess(context);
  const [text, setText] = useState<string | null>(null);
  const [diff, setDiff] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ message: string; conflict: boolean } | null>(null);
  const { pending, run } = useRunOperation();
  const live = context.object ? stringify(context.object, { lineWidth: 0 }) : "";
  const edit = access?.edit;

  if (context.resource.kind === "Secret") {
    return <p className="text-sm text-text-muted">Secrets are edited from their Keys tab, where values stay hidden.</p>;
  }
  if (text === null) {
    return (
      <div className="flex flex-col items-start gap-2">
        <Button
          size="sm"
          variant="secondary"
          disabled={!edit?.allowed || !context.object}
          title={edit?.allowed ? undefined : edit?.reason}
          onClick={() => setText(live)}
          data-testid="yaml-edit-start"
        >
          Edit YAML
        </Button>
        {edit && !edit.allowed ? <p className="text-xs text-text-muted">{edit.reason}</p> : null}
      </div>
    );
  }

  function submit(dryRun: boolean) {
    run(
      () => updateYamlAction({ target: targetOf(context), change: { yaml: text! }, dryRun }),
      { ...(dryRun ? {} : { success: `Saved ${context.name}` }), failure: `Could not save ${context.name}` },
      {
        onDone: (result) => {
          setProblem(null);
          if (dryRun) setDiff(result.diff);
          else {
            setText(null);
            setDiff(null);
          }
        },
        onError: (error) => setProblem({ message: error.message, conflict: error.code === "CONFLICT" }),
      },
    );
  }

  return (
    <div className="flex flex-col gap-3" data-testid="yaml-edit">
      <YamlEditor
        value={text}
        onChange={(value) => {
          setText(value);
          setDiff(null);
        }}
      />
      {problem ? (
        <div role="alert" className="flex flex-col gap-2 rounded-lg border border-danger/40 bg-danger/8 p-3 text-sm">
          <p className="text-danger" data-testid="yaml-error">
            {problem.message}
          </p>
          {problem.conflict ? (
            <>
              <p>Someone changed {context.name} since you started. The newer version:</p>
              <UnifiedDiff text={lineDiff(text, live)} testId="yaml-conflict-diff" />
              <Button size="sm" variant="secondary" onClick={() => setText(live)} data-testid="yaml-load-newer">
                Start again from the newer version
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      {diff !== null ? (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">Dry run: what would change</h3>
          <UnifiedDiff text={diff} testId="yaml-dry-run-diff" />
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setText(null)} disabled={pending}>
          Cancel
        </Button>
        <Button
          variant="secondary"
          onClick={() => submit(true)}
          loading={pending && diff === null}
          data-testid="yaml-dry-run"
        >
          Preview changes (dry run)
        </Button>
        <Button
          onClick={() => submit(false)}
          disabled={diff === null}
          loading={pending && diff !== null}
          data-testid="yaml-apply"
        >
          Apply
        </Button>
      </div>
    </div>
  );
}

/** A plain line comparison for the conflict view (the server's diff needs a round trip). */
function lineDiff(mine: string, theirs: string): string {
  const a = mine.split("\n");
  const b = new Set(theirs.split("\n"));
  const removed = a.filter((line) => !b.has(line)).map((line) => `-${line}`);
  const mineSet = new Set(a);
  const added = theirs
    .split("\n")
    .filter((line) => !mineSet.has(line))
    .map((line) => `+${line}`);
  return [...removed, ...added].join("\n");
}
