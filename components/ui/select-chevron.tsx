const OVER_SELECT = "pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-text-muted";

/** The down arrow of a picker; by default drawn over a native <select> whose own arrow is hidden. */
export function SelectChevron({ className = OVER_SELECT }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" fill="none" className={className}>
      <path
        d="m4.5 6.5 3.5 3.5 3.5-3.5"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
