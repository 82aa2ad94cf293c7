import type { ReactNode, Ref, TextareaHTMLAttributes } from "react";
import { controlClassName, Field } from "@/components/ui/field";
import { cn } from "@/lib/cn";

export type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "children"> & {
  label: string;
  error?: string;
  /** Invalid, with its problems shown by the caller (a list rather than one line). */
  invalid?: boolean;
  hint?: ReactNode;
  ref?: Ref<HTMLTextAreaElement>;
};

/** Multi-line twin of the ui Input, for kubeconfigs and certificates (monospace, no spellcheck). */
export function TextArea({ label, error, invalid, hint, id, className, required, ...rest }: TextAreaProps) {
  return (
    <Field label={label} error={error} hint={hint} required={required} id={id}>
      {(control) => (
        <textarea
          id={control.id}
          required={required}
          aria-invalid={control.invalid ?? (invalid || undefined)}
          aria-describedby={control.describedBy}
          spellCheck={false}
          autoComplete="off"
          className={cn(
            controlClassName(error || (invalid ? "invalid" : undefined)),
            "min-h-32 px-3 py-2 font-mono text-xs",
            className,
          )}
          {...rest}
        />
      )}
    </Field>
  );
}
