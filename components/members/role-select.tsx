import type { SelectHTMLAttributes } from "react";
import { cn } from "@/lib/cn";
import type { Role } from "@/lib/permissions";
import { SelectChevron } from "@/components/ui/select-chevron";

export type RoleSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  options: { role: Role; disabled?: boolean }[];
};

/** A native select (keyboard, screen readers and mobile pickers for free) styled like Input. */
export function RoleSelect({ options, className, ...rest }: RoleSelectProps) {
  return (
    <div className={cn("relative", className)}>
      <select
        className={cn(
          "h-9 w-full min-w-28 appearance-none rounded-md border border-border-strong bg-surface-raised pr-8 pl-3",
          "text-sm text-text capitalize transition-colors hover:border-text-muted",
          "disabled:cursor-not-allowed disabled:bg-surface-sunken disabled:text-text-muted disabled:hover:border-border-strong",
        )}
        {...rest}
      >
        {options.map(({ role, disabled }) => (
          <option key={role} value={role} disabled={disabled}>
            {role}
          </option>
        ))}
      </select>
      <SelectChevron />
    </div>
  );
}
