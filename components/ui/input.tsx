import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { cn } from "@/lib/cn";
import { controlClassName, Field } from "./field";

export type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "children"> & {
  label: string;
  /** Shown as "Label: message", so it names its field when read alone. */
  error?: string;
  hint?: ReactNode;
  hideLabel?: boolean;
  ref?: Ref<HTMLInputElement>;
};

export function Input({ label, error, hint, hideLabel, id, className, required, ...rest }: InputProps) {
  return (
    <Field label={label} error={error} hint={hint} hideLabel={hideLabel} required={required} id={id}>
      {(control) => (
        <input
          id={control.id}
          required={required}
          aria-invalid={control.invalid}
          aria-describedby={control.describedBy}
          className={cn(controlClassName(error), "h-9 px-3 text-sm", className)}
          {...rest}
        />
      )}
    </Field>
  );
}
