"use client";

import { useId } from "react";
import { Badge, Button, Input } from "@/components/ui";
import type { KubeconfigContextOption } from "@/lib/actions/clusters";
import type { CloudConnectorSuggestion } from "@/lib/wire/cloud-connectors";
import { cn } from "@/lib/cn";
import { placeError } from "./error-placement";
import { fieldMessage, sanitizeClusterName } from "./format";
import { ProblemList } from "./problem-list";
import { TestResult, type TestState } from "./test-result";
import type { FieldError } from "./types";

/** What the person chose and found for one context of the pasted kubeconfig. */
export type RowState = { selected?: boolean; name?: string; test?: TestState; error?: FieldError; added?: boolean };

export type ContextRowView = {
  selected: boolean;
  name: string;
  test: TestState;
  error?: FieldError;
  added: boolean;
};

/** A context is picked by default when it is the current one, or the only usable one. */
export function rowOf(
  option: KubeconfigContextOption,
  state: RowState | undefined,
  usableCount: number,
): ContextRowView {
  const usable = !option.problems;
  return {
    selected: usable && (state?.selected ?? (option.current || usableCount === 1)),
    name: state?.name ?? sanitizeClusterName(option.name),
    test: state?.test ?? { state: "idle" },
    error: state?.error,
    added: state?.added ?? false,
  };
}

/**
 * One context: pick it, name the cluster, test it. A refused context says why; an error about
 * the name sits under the name, anything about the connection under the server it points to.
 */
export function ContextRow({
  option,
  row,
  disabled,
  onToggle,
  onName,
  onTest,
  onUseConnector,
}: {
  option: KubeconfigContextOption;
  row: ContextRowView;
  disabled: boolean;
  onToggle: (selected: boolean) => void;
  onName: (name: string) => void;
  onTest: () => void;
  onUseConnector?: (suggestion: CloudConnectorSuggestion) => void;
}) {
  const checkboxId = useId();
  const usable = !option.problems;
  const nameError =
    row.error && placeError(row.error) === "name" ? fieldMessage({ ...row.error, path: "name" }) : undefined;
  const otherError = row.error && !nameError ? row.error : undefined;
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
      {otherError ? <ProblemList error={otherError} testId={`context-error-${option.name}`} /> : null}
      {option.problems ? (
        <ProblemList
          error={{ message: `The context ${option.name} cannot be used.`, problems: option.problems }}
          testId={`context-problem-${option.name}`}
          onUseConnector={onUseConnector}
        />
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
                error={nameError}
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
          {/* A failed save already says what is wrong with the connection, once, above. */}
          <TestResult
            test={otherError && row.test.state === "failed" ? { state: "idle" } : row.test}
            testId={`test-result-${option.name}`}
          />
        </>
      )}
    </li>
  );
}
