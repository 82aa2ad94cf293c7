import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";
import { cn } from "@/lib/cn";

export type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "children"> & {
  label: string;
  /**
   * What went wrong, e.g. "Enter a valid email address". Shown as "Email: ..." so the message
   * still names its field when read alone (screen reader, error summary, screenshot in a ticket).
   */
  error?: string;
  hint?: ReactNode;
  hideLabel?: boolean;
  ref?: Ref<HTMLInputElement>;
};

export function Input({ label, error, hint, hideLabel = false, id, className, required, ...rest }: InputProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={inputId} className={cn("text-sm font-medium text-text", hideLabel && "sr-only")}>
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-danger">
            *
          </span>
        ) : null}
      </label>
      <input
        id={inputId}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          "h-9 w-full min-w-0 rounded-md border bg-surface-raised px-3 text-sm text-text",
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
