import { useId, type ReactNode, type Ref, type TextareaHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

export type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "children"> & {
  label: string;
  error?: string;
  hint?: ReactNode;
  ref?: Ref<HTMLTextAreaElement>;
};

/** Multi-line twin of the ui Input: label, hint, and an error that names its field. */
export function TextArea({ label, error, hint, id, className, required, ...rest }: TextAreaProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={inputId} className="text-sm font-medium text-text">
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-danger">
            *
          </span>
        ) : null}
      </label>
      <textarea
        id={inputId}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        spellCheck={false}
        autoComplete="off"
        className={cn(
          "min-h-32 w-full min-w-0 rounded-md border bg-surface-raised px-3 py-2 font-mono text-xs text-text",
          "placeholder:text-text-muted/80 transition-colors",
          "disabled:cursor-not-allowed disabled:bg-surface-sunken disabled:opacity-70",
          error ? "border-danger" : "border-border-strong hover:border-text-muted",
          className,
        )}
        {...rest}
      />
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
