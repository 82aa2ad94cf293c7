"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Badge, Button, Dialog, Input, useToast } from "@/components/ui";
import { addClustersAction, type AddClusterOutcome } from "@/lib/actions/clusters";
import type { KubeconfigContextOption } from "@/lib/actions/clusters";
import { cn } from "@/lib/cn";
import { FormError } from "./form-error";
import { fieldMessage, pluralize, sanitizeClusterName } from "./format";
import { KubeconfigField } from "./kubeconfig-field";
import { ProblemList } from "./problem-list";
import { SourceTabs, type SourceTab } from "./source-tabs";
import { TestResult, type TestState } from "./test-result";
import { EMPTY_TOKEN_FORM, TokenFields, type TokenFormValues } from "./token-fields";
import type { ClusterManagement, FieldError } from "./types";
import { UNREACHABLE_SERVER, useConnectionTest } from "./use-connection-test";
import { useKubeconfigContexts } from "./use-kubeconfig-contexts";
import { validateClusterName } from "./validate";

/** The "Add cluster" control: opens the dialog for managers, and says why not to everyone else. */
export function AddClusterButton({
  management,
  openInitially = false,
}: {
  management: ClusterManagement;
  openInitially?: boolean;
}) {
  const [open, setOpen] = useState(openInitially && management.canManage);
  const noteId = useId();
  if (!management.canManage) {
    return (
      <div className="flex flex-col items-center gap-1 sm:items-end">
        <Button data-testid="add-cluster-button" disabled title={management.denial} aria-describedby={noteId}>
          Add cluster
        </Button>
        <p id={noteId} className="text-xs text-text-muted">
          {management.denial} to add clusters.
        </p>
      </div>
    );
  }
  return (
    <>
      <Button data-testid="add-cluster-button" onClick={() => setOpen(true)}>
        Add cluster
      </Button>
      {/* Mounted only while open: closing forgets the pasted credential. */}
      {open ? <AddClusterDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

export function AddClusterDialog({ onClose }: { onClose: () => void }) {
  const [tab, setTab] = useState<SourceTab>("kubeconfig");
  return (
    <Dialog
      open
      // Rendered inside the page (an empty state centres its text): reset the alignment.
      className="text-left"
      onClose={onClose}
      size="lg"
      closeOnBackdrop={false}
      data-testid="add-cluster-dialog"
      title="Add a cluster"
      description="Pilothouse keeps the credential on the server, encrypted. Your browser never talks to the cluster."
    >
      <SourceTabs tab={tab} onTab={setTab} idPrefix="add">
        {tab === "kubeconfig" ? <KubeconfigPanel onDone={onClose} /> : <TokenPanel onDone={onClose} />}
      </SourceTabs>
    </Dialog>
  );
}

type RowState = { selected?: boolean; name?: string; test?: TestState; error?: FieldError; added?: boolean };

function KubeconfigPanel({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [kubeconfig, setKubeconfig] = useState("");
  const [rows, setRows] = useState<Record<string, RowState>>({});
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [pending, startTransition] = useTransition();
  const contexts = useKubeconfigContexts(kubeconfig);

  const options = contexts.state === "ready" ? contexts.contexts : [];
  const usable = options.filter((option) => !option.problems);
  const view = options.map((option) => ({ option, ...rowOf(option, rows[option.name], usable.length) }));
  const chosen = view.filter((row) => row.selected && !row.added);

  function changeKubeconfig(text: string) {
    setKubeconfig(text);
    setRows({}); // a different kubeconfig: earlier choices and test results no longer apply
    setFormError(null);
  }

  const patchRow = (name: string, patch: RowState) =>
    setRows((current) => ({ ...current, [name]: { ...current[name], ...patch } }));

  // Tests run side by side (one per row), so they are plain async calls rather than a transition.
  async function test(contextName: string) {
    await testConnection(
      { kubeconfig, context: contextName },
      (state) => patchRow(contextName, { test: state }),
      contextName,
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    let invalid = false;
    for (const row of chosen) {
      const problem = validateClusterName(row.name);
      if (problem) {
        invalid = true;
        patchRow(row.option.name, { error: { path: "name", message: problem } });
      }
    }
    if (invalid || chosen.length === 0) return;
    const picked = chosen.map((row) => ({ context: row.option.name, name: row.name.trim() }));
    startTransition(async () => {
      const result = await addClustersAction({ kubeconfig, contexts: picked }).catch(() => null);
      // Each error is shown once, where it belongs: on a row's name, under its row, or for the whole form.
      if (!result || !result.ok) {
        const error = result?.error ?? UNREACHABLE_SERVER;
        const row = rowForPath(error.path, picked);
        if (row) patchRow(row, { error: { ...error, path: "name" } });
        else setFormError(error);
        return;
      }
      reportAdded(result.data);
      const failed = result.data.filter((outcome) => !outcome.ok);
      for (const outcome of result.data) {
        if (!outcome.context) continue;
        patchRow(outcome.context, outcome.ok ? { added: true, error: undefined } : { error: outcome.error });
      }
      router.refresh();
      if (failed.length === 0) onDone();
    });
  }

  /** Failures stay in the dialog, under their rows; only what was added is announced. */
  function reportAdded(outcomes: AddClusterOutcome[]) {
    for (const outcome of outcomes) {
      if (outcome.ok)
        toast({ tone: "success", title: `Cluster "${outcome.name}" added`, description: "Checking its health now." });
    }
  }

  const noneUsable = contexts.state === "ready" && usable.length === 0 && options.length > 0;
  const shownError: FieldError | null =
    formError ?? (contexts.state === "invalid" ? contexts.error : null) ?? (noneUsable ? NO_USABLE_CONTEXT : null);

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <KubeconfigField value={kubeconfig} onChange={changeKubeconfig} onError={setFormError} disabled={pending} />
      <FormError error={shownError} />
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
              />
            ))}
          </ul>
        </fieldset>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-3">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" data-testid="add-clusters-submit" loading={pending} disabled={chosen.length === 0}>
          {chosen.length === 0 ? "Add clusters" : `Add ${pluralize(chosen.length, "cluster")}`}
        </Button>
      </div>
    </form>
  );
}

function rowOf(option: KubeconfigContextOption, state: RowState | undefined, usableCount: number) {
  const usable = !option.problems;
  return {
    selected: usable && (state?.selected ?? (option.current || usableCount === 1)),
    name: state?.name ?? sanitizeClusterName(option.name),
    test: state?.test ?? ({ state: "idle" } as TestState),
    error: state?.error,
    added: state?.added ?? false,
  };
}

/** Each refused context lists its own problems; the form only says that none is left. */
const NO_USABLE_CONTEXT: FieldError = {
  message: "No context in this kubeconfig can be used; each one says why below.",
};

/** `contexts.2.name` → the context of the third picked row. */
function rowForPath(path: string | undefined, picked: { context: string }[]) {
  const match = path?.match(/^contexts\.(\d+)\./);
  return match ? picked[Number(match[1])]?.context : undefined;
}

function ContextRow({
  option,
  row,
  disabled,
  onToggle,
  onName,
  onTest,
}: {
  option: KubeconfigContextOption;
  row: ReturnType<typeof rowOf>;
  disabled: boolean;
  onToggle: (selected: boolean) => void;
  onName: (name: string) => void;
  onTest: () => void;
}) {
  const checkboxId = useId();
  const usable = !option.problems;
  const nameError = row.error?.path === "name" ? row.error : undefined;
  const rowError = row.error && !nameError ? row.error : null;
  return (
    <li
      data-testid={`context-row-${option.name}`}
      className={cn(
        "flex flex-col gap-2 rounded-md border px-3 py-2.5",
        row.selected ? "border-accent/50 bg-accent/5" : "border-border",
      )}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <input
          id={checkboxId}
          type="checkbox"
          data-testid={`context-select-${option.name}`}
          className="size-4 accent-[var(--color-accent)]"
          checked={row.selected}
          disabled={!usable || row.added || disabled}
          onChange={(event) => onToggle(event.target.checked)}
        />
        <label htmlFor={checkboxId} className="min-w-0 flex-1 font-mono text-sm break-all text-text">
          {option.name}
        </label>
        {option.current ? <Badge tone="info">current</Badge> : null}
        {row.added ? (
          <Badge tone="success" dot>
            added
          </Badge>
        ) : null}
        {usable ? null : (
          <Badge tone="danger" dot>
            refused
          </Badge>
        )}
      </div>
      {option.server ? <p className="font-mono text-xs break-all text-text-muted">{option.server}</p> : null}
      {option.problems ? (
        <div data-testid={`context-problem-${option.name}`} className="text-xs text-danger">
          <ProblemList problems={option.problems} />
        </div>
      ) : (
        <>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="min-w-0 flex-1">
              <Input
                label={`Cluster name for ${option.name}`}
                data-testid={`context-name-${option.name}`}
                maxLength={63}
                autoComplete="off"
                value={row.name}
                onChange={(event) => onName(event.target.value)}
                error={nameError ? fieldMessage(nameError) : undefined}
                disabled={disabled || row.added}
              />
            </div>
            <Button
              variant="secondary"
              data-testid={`context-test-${option.name}`}
              onClick={onTest}
              loading={row.test.state === "running"}
              disabled={disabled}
            >
              Test connection
            </Button>
          </div>
          <FormError error={rowError} testId={`context-error-${option.name}`} />
          <TestResult test={row.test} testId={`test-result-${option.name}`} />
        </>
      )}
    </li>
  );
}

type TokenErrors = Partial<Record<keyof TokenFormValues | "name", string>>;
const TOKEN_FIELDS = new Set(["server", "certificateAuthority", "token", "name"]);

function TokenPanel({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [values, setValues] = useState<TokenFormValues>(EMPTY_TOKEN_FORM);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<TokenErrors>({});
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [pending, startTransition] = useTransition();

  /** Once, where it belongs: under its field when it names one, else for the whole form. */
  function showError(error: FieldError) {
    if (error.path && TOKEN_FIELDS.has(error.path)) setErrors({ [error.path]: fieldMessage(error) });
    else setFormError(error);
  }

  async function runTest() {
    setErrors({});
    setFormError(null);
    await testConnection(values, (state) => {
      const fieldError = state.state === "failed" && state.error.path && TOKEN_FIELDS.has(state.error.path);
      if (fieldError) showError(state.error);
      setTest(fieldError ? { state: "idle" } : state);
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const nameProblem = validateClusterName(name);
    if (nameProblem) return setErrors({ name: nameProblem });
    startTransition(async () => {
      const result = await addClustersAction({ name: name.trim(), ...values }).catch(() => null);
      const outcome = result?.ok ? result.data[0] : undefined;
      if (outcome?.ok) {
        toast({ tone: "success", title: `Cluster "${outcome.name}" added`, description: "Checking its health now." });
        router.refresh();
        onDone();
        return;
      }
      showError(outcome?.error ?? (result && !result.ok ? result.error : UNREACHABLE_SERVER));
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Input
        label="Cluster name"
        data-testid="token-name"
        placeholder="prod-eu"
        maxLength={63}
        autoComplete="off"
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
        disabled={pending}
      />
      <TokenFields values={values} onChange={setValues} errors={errors} disabled={pending} />
      <FormError error={formError} />
      <TestResult test={test} testId="token-test-result" />
      <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-3">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button
          variant="secondary"
          data-testid="token-test"
          onClick={runTest}
          disabled={pending}
          loading={test.state === "running"}
        >
          Test connection
        </Button>
        <Button type="submit" data-testid="token-submit" loading={pending}>
          Add cluster
        </Button>
      </div>
    </form>
  );
}
