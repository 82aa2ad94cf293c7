"use client";

import { cn } from "@/lib/cn";

/** Two or three ways to sign in, as radio buttons styled like segments (a connector's auth method). */
export function MethodChoice<T extends string>({
  legend,
  value,
  options,
  onChange,
  disabled,
  testId,
}: {
  legend: string;
  value: T;
  options: readonly { value: T; label: string; hint: string }[];
  onChange: (value: T) => void;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <fieldset className="flex flex-col gap-2" data-testid={testId}>
      <legend className="mb-1.5 text-sm font-medium text-text">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "flex cursor-pointer gap-2 rounded-md border px-3 py-2 text-sm transition-colors",
              value === option.value ? "border-accent bg-accent/8" : "border-border hover:border-border-strong",
              disabled && "cursor-not-allowed opacity-60",
            )}
          >
            <input
              type="radio"
              name={testId}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              disabled={disabled}
              data-testid={`${testId}-${option.value}`}
              className="mt-0.5 accent-[var(--color-accent)]"
            />
            <span className="flex flex-col">
              <span className="font-medium text-text">{option.label}</span>
              <span className="text-xs text-text-muted">{option.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
