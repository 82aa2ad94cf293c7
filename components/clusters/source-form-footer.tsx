"use client";

import { Button } from "@/components/ui";
import { AddAnywayPrompt, type AddAnywayQuestion } from "./add-anyway-prompt";
import { TestResult, type TestState } from "./test-result";

/**
 * The end of a one-cluster form (token, cloud connector): the test's own result, the "add
 * anyway?" question when one is open, then Cancel, Test connection and Add cluster. Test ids are
 * `<prefix>-test-result`, `<prefix>-test` and `<prefix>-submit`.
 */
export function SourceFormFooter({
  testIdPrefix,
  test,
  question,
  pending,
  onTest,
  onConfirm,
  onDismissQuestion,
  onCancel,
}: {
  testIdPrefix: string;
  /** The test's outcome to show here; null when it is shown under a field instead. */
  test: TestState | null;
  question: AddAnywayQuestion | null;
  pending: boolean;
  onTest: () => void;
  onConfirm: () => void;
  onDismissQuestion: () => void;
  onCancel: () => void;
}) {
  return (
    <>
      {test ? <TestResult test={test} testId={`${testIdPrefix}-test-result`} /> : null}
      {question ? (
        <AddAnywayPrompt question={question} pending={pending} onConfirm={onConfirm} onCancel={onDismissQuestion} />
      ) : null}
      <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-3">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          variant="secondary"
          data-testid={`${testIdPrefix}-test`}
          onClick={onTest}
          disabled={pending}
          loading={test?.state === "running"}
        >
          Test connection
        </Button>
        <Button
          type="submit"
          data-testid={`${testIdPrefix}-submit`}
          loading={pending && !question}
          disabled={question !== null}
        >
          Add cluster
        </Button>
      </div>
    </>
  );
}
