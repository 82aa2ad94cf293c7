import { describeError } from "./format";
import type { FieldError } from "./types";

/** The error of a whole form, as text (it may quote a hostile kubeconfig), naming the field path. */
export function FormError({ error, testId = "form-error" }: { error: FieldError | null; testId?: string }) {
  if (!error) return null;
  return (
    <p
      role="alert"
      data-testid={testId}
      className="rounded-md border border-danger/40 bg-danger/8 px-3 py-2 text-sm break-words text-danger"
    >
      {describeError(error)}
    </p>
  );
}
