import type { HTMLAttributes, ReactNode, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

export type SortDirection = "ascending" | "descending";

export type TableProps = TableHTMLAttributes<HTMLTableElement> & {
  /** Visible or sr-only caption; tables of resources should say what they list. */
  caption?: ReactNode;
  hideCaption?: boolean;
  /** Applied to the scroll container so wide tables scroll instead of breaking a 360px layout. */
  containerClassName?: string;
  /**
   * Below the md breakpoint every row becomes a card (cells stacked, each labelled by its
   * `data-label`), so nothing is cut off and nothing needs a sideways scroll on a phone.
   */
  stacked?: boolean;
};

export function Table({
  caption,
  hideCaption = false,
  className,
  containerClassName,
  stacked = false,
  children,
  ...rest
}: TableProps) {
  return (
    // relative: visually hidden header text is positioned absolutely and must stay inside the scroll box.
    <div
      className={cn(
        "relative w-full overflow-x-auto rounded-lg border border-border bg-surface-raised",
        stacked && "table-stacked",
        containerClassName,
      )}
    >
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...rest}>
        {caption ? (
          <caption className={cn("px-3 py-2 text-left text-sm text-text-muted", hideCaption && "sr-only")}>
            {caption}
          </caption>
        ) : null}
        {children}
      </table>
    </div>
  );
}

export function THead({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("border-b border-border bg-surface-sunken", className)} {...rest} />;
}

export function TBody({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-border", className)} {...rest} />;
}

export type TrProps = HTMLAttributes<HTMLTableRowElement> & { selected?: boolean };

export function Tr({ selected = false, className, ...rest }: TrProps) {
  return (
    <tr
      aria-selected={selected || undefined}
      className={cn("transition-colors hover:bg-surface-sunken/60", selected && "bg-accent/8", className)}
      {...rest}
    />
  );
}

export type ThProps = ThHTMLAttributes<HTMLTableHeaderCellElement> & {
  /** Makes the header a sort button. Current direction when this column is the sort key. */
  sortDirection?: SortDirection | null;
  onSort?: () => void;
};

export function Th({ sortDirection = null, onSort, className, children, scope = "col", ...rest }: ThProps) {
  const sortable = Boolean(onSort);
  return (
    <th
      scope={scope}
      // aria-sort only on the active column; "none" everywhere else is noise for screen readers.
      aria-sort={sortable && sortDirection ? sortDirection : undefined}
      className={cn(
        "h-9 px-3 text-xs font-medium tracking-wide whitespace-nowrap text-text-muted uppercase",
        className,
      )}
      {...rest}
    >
      {sortable ? (
        <button
          type="button"
          onClick={onSort}
          className="-mx-1 inline-flex items-center gap-1 rounded-sm px-1 uppercase hover:text-text"
        >
          {children}
          <SortIcon direction={sortDirection} />
        </button>
      ) : (
        children
      )}
    </th>
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableDataCellElement>) {
  return <td className={cn("px-3 py-2 align-middle text-text", className)} {...rest} />;
}

function SortIcon({ direction }: { direction: SortDirection | null }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 12 12"
      className={cn("size-3", direction ? "text-text" : "text-text-muted/60")}
      fill="currentColor"
    >
      <path d="M6 1.5 9 5H3z" opacity={direction === "descending" ? 0.3 : 1} />
      <path d="M6 10.5 3 7h6z" opacity={direction === "ascending" ? 0.3 : 1} />
    </svg>
  );
}
