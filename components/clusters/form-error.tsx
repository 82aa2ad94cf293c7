import { ProblemList } from "./problem-list";
import type { FieldError } from "./types";

/**
 * The error of a whole form, as text (it may quote a hostile kubeconfig): the message with its
 * field's path as a detail, or every problem when there are several.
 */
export function FormError({ error, testId = "form-error" }: { error: FieldError | null; testId?: string }) {
  if (!error) return null;
  return (
    <div
      role="alert"
      data-testid={testId}
      className="flex flex-col gap-2 rounded-md border border-danger/40 bg-danger/8 px-3 py-2 text-sm break-words text-danger"
    >
      {error.problems && error.problems.length > 0 ? (
        <ProblemList error={error} testId={`${testId}-problems`} className="text-sm" />
      ) : (
        <p>
          {error.message}
          {error.path && !error.message.includes(error.path) ? (
            <code className="ml-2 font-mono text-xs text-text-muted">{error.path}</code>
          ) : null}
        </p>
      )}
    </div>
  );
}
