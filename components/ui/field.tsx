import { useId, type ReactNode } from "react";
import { cn } from "@/lib/cn";

export type FieldProps = {
  label: string;
  /**
   * What went wrong, e.g. "Enter a valid email address". Shown as "Email: ..." so the message
   * still names its field when read alone (screen reader, error summary, screenshot in a ticket).
   */
  error?: string;
  hint?: ReactNode;
  hideLabel?: boolean;
  required?: boolean;
  id?: string;
  /** Renders the control with the ids and ARIA wiring the label, hint and error need. */
  children: (control: { id: string; describedBy?: string; invalid?: true }) => ReactNode;
};

/** Label, control, hint and error: the one layout every form control shares. */
export function Field({ label, error, hint, hideLabel = false, required, id, children }: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={controlId} className={cn("text-sm font-medium text-text", hideLabel && "sr-only")}>
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-danger">
            *
          </span>
        ) : null}
      </label>
      {children({ id: controlId, describedBy, invalid: error ? true : undefined })}
      {hint ? (
        <p id={hintId} className="text-xs text-text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs text-danger">
          <span className="font-medium">{label}:</span> {error}
        </p>
      ) : null}
    </div>
  );
}

/** The border and state styles shared by text inputs and text areas. */
export function controlClassName(error: string | undefined) {
  return cn(
    "w-full min-w-0 rounded-md border bg-surface-raised text-text",
    "placeholder:text-text-muted/80 transition-colors",
    "disabled:cursor-not-allowed disabled:bg-surface-sunken disabled:opacity-70",
    error ? "border-danger" : "border-border-strong hover:border-text-muted",
  );
}
