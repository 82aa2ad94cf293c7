"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button, useToast } from "@/components/ui";
import { addClustersAction, type AddClusterOutcome, type KubeconfigContextOption } from "@/lib/actions/clusters";
import type { CloudConnectorSuggestion } from "@/lib/wire/cloud-connectors";
import { AddAnywayPrompt, type AddAnywayQuestion } from "./add-anyway-prompt";
import { ContextRow, rowOf, type RowState } from "./context-row";
import { placeError } from "./error-placement";
import { FormError } from "./form-error";
import { describeError, pluralize } from "./format";
import { KubeconfigField } from "./kubeconfig-field";
import type { FieldError } from "./types";
import { UNREACHABLE_SERVER, useConnectionTest } from "./use-connection-test";
import { useKubeconfigContexts } from "./use-kubeconfig-contexts";
import { validateClusterName } from "./validate";

type Picked = { context: string; name: string };
type Pending = { question: AddAnywayQuestion; picked: Picked[]; allowDuplicates: boolean };

/**
 * Paste a kubeconfig, pick contexts, name and test each, add them in one go. Problems with the
 * kubeconfig itself are listed under it, all of them; problems of one context stay in its row.
 */
export function KubeconfigPanel({
  onDone,
  onUseConnector,
}: {
  onDone: () => void;
  /** A cloud's own kubeconfig (exec sign-in) was refused: open the connector that fits, prefilled. */
  onUseConnector?: (suggestion: CloudConnectorSuggestion) => void;
}) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [kubeconfig, setKubeconfig] = useState("");
  const [rows, setRows] = useState<Record<string, RowState>>({});
  const [kubeconfigError, setKubeconfigError] = useState<FieldError | null>(null);
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [asking, setAsking] = useState<Pending | null>(null);
  const [pending, startTransition] = useTransition();
  const contexts = useKubeconfigContexts(kubeconfig);

  const options = contexts.state === "ready" ? contexts.contexts : [];
  const usable = options.filter((option) => !option.problems);
  const view = options.map((option) => ({ option, ...rowOf(option, rows[option.name], usable.length) }));
  const chosen = view.filter((row) => row.selected && !row.added);

  function changeKubeconfig(text: string) {
    setKubeconfig(text);
    setRows({}); // a different kubeconfig: earlier choices and test results no longer apply
    setKubeconfigError(null);
    setFormError(null);
    setAsking(null);
  }

  const patchRow = (name: string, patch: RowState) =>
    setRows((current) => ({ ...current, [name]: { ...current[name], ...patch } }));

  // Tests run side by side (one per row), so they are plain async calls rather than a transition.
  async function test(contextName: string) {
    await testConnection({ kubeconfig, context: contextName }, (state) =>
      patchRow(contextName, { test: state, error: undefined }),
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    setAsking(null);
    let invalid = false;
    for (const row of chosen) {
      const problem = validateClusterName(row.name);
      if (!problem) continue;
      invalid = true;
      patchRow(row.option.name, { error: { path: "name", message: problem } });
    }
    if (invalid || chosen.length === 0) return;
    const picked = chosen.map((row) => ({ context: row.option.name, name: row.name.trim() }));
    const failed = chosen.filter((row) => row.test.state === "failed");
    if (failed.length > 0) {
      const reasons = failed.map(
        (row) => `${row.option.name}: ${row.test.state === "failed" ? describeError(row.test.error) : ""}`,
      );
      return setAsking({ question: { kind: "failed-test", reasons }, picked, allowDuplicates: false });
    }
    save(picked, false);
  }

  function save(picked: Picked[], allowDuplicates: boolean) {
    setAsking(null);
    startTransition(async () => {
      const result = await addClustersAction({ kubeconfig, contexts: picked, allowDuplicates }).catch(() => null);
      if (!result || !result.ok) return showActionError(result?.error ?? UNREACHABLE_SERVER, picked);
      const duplicates = result.data.filter((outcome) => !outcome.ok && placeError(outcome.error) === "duplicate");
      for (const outcome of result.data) {
        if (!outcome.context || duplicates.includes(outcome)) continue;
        patchRow(outcome.context, outcome.ok ? { added: true, error: undefined } : { error: outcome.error });
      }
      reportAdded(result.data);
      if (duplicates.length > 0) return askAboutDuplicates(duplicates, picked);
      if (result.data.every((outcome) => outcome.ok)) onDone();
    });
  }

  function askAboutDuplicates(duplicates: AddClusterOutcome[], picked: Picked[]) {
    const again = picked.filter((pick) => duplicates.some((outcome) => outcome.context === pick.context));
    const reasons = duplicates.map((outcome) => (outcome.ok ? "" : `${outcome.context}: ${outcome.error.message}`));
    setAsking({ question: { kind: "duplicate", reasons }, picked: again, allowDuplicates: true });
  }

  /** One toast for everything added; failures stay in their rows. */
  function reportAdded(outcomes: AddClusterOutcome[]) {
    const added = outcomes.filter((outcome) => outcome.ok);
    if (added.length === 0) return;
    router.refresh();
    toast({
      tone: "success",
      title: added.length === 1 ? `Cluster "${added[0]!.name}" added` : `${pluralize(added.length, "cluster")} added`,
      description: "Checking their health now.",
    });
  }

  /** The whole request failed: the error goes to the row, the kubeconfig or the form it is about. */
  function showActionError(error: FieldError, picked: Picked[]) {
    const row = error.path?.match(/^contexts\.(\d+)\./);
    const context = row ? picked[Number(row[1])]?.context : undefined;
    if (context) return patchRow(context, { error: { ...error, path: "name" } });
    if (placeError(error) === "kubeconfig") return setKubeconfigError(error);
    setFormError(error);
  }

  const noneUsable = contexts.state === "ready" && usable.length === 0 && options.length > 0;
  const shownKubeconfigError: FieldError | null =
    kubeconfigError ??
    (contexts.state === "invalid" ? contexts.error : null) ??
    (noneUsable ? noUsableContextError(options) : null);

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <KubeconfigField
        value={kubeconfig}
        onChange={changeKubeconfig}
        onError={setKubeconfigError}
        error={shownKubeconfigError}
        disabled={pending}
        onUseConnector={onUseConnector}
      />
      {contexts.state === "loading" ? <p className="text-xs text-text-muted">Reading contexts…</p> : null}
      {options.length > 0 ? (
        <fieldset data-testid="kubeconfig-contexts" className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium text-text">
            Contexts <span className="font-normal text-text-muted">— pick one or several, and name each cluster</span>
          </legend>
          <ul className="flex flex-col gap-2">
            {view.map((row) => (
              <ContextRow
                key={row.option.name}
                option={row.option}
                row={row}
                disabled={pending}
                onToggle={(selected) => patchRow(row.option.name, { selected })}
                onName={(name) => patchRow(row.option.name, { name, error: undefined })}
                onTest={() => test(row.option.name)}
                onUseConnector={onUseConnector}
              />
            ))}
          </ul>
        </fieldset>
      ) : null}
      <FormError error={formError} />
      {asking ? (
        <AddAnywayPrompt
          question={asking.question}
          pending={pending}
          onConfirm={() => save(asking.picked, asking.allowDuplicates)}
          onCancel={() => setAsking(null)}
        />
      ) : null}
      <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-3">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button
          type="submit"
          data-testid="add-clusters-submit"
          loading={pending}
          disabled={chosen.length === 0 || asking !== null}
        >
          {chosen.length === 0 ? "Add clusters" : `Add ${pluralize(chosen.length, "cluster")}`}
        </Button>
      </div>
    </form>
  );
}

/** Each refused context says why in its own row; the kubeconfig field only says that none is left. */
function noUsableContextError(options: KubeconfigContextOption[]): FieldError {
  return {
    message:
      options.length === 1
        ? "The only context in this kubeconfig can't be used: see why below."
        : `None of the ${options.length} contexts in this kubeconfig can be used: see why below each one.`,
  };
}
