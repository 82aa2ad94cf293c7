import Link from "next/link";
import { cn } from "@/lib/cn";
import { UserIcon } from "./icons";

const MENU_ID = "user-menu";

/**
 * Placeholder until accounts exist. Uses the native popover API: light dismiss, Escape and
 * top-layer stacking come from the browser, so this stays a server component.
 */
export function UserMenu({ className }: { className?: string }) {
  return (
    <>
      <button
        type="button"
        popoverTarget={MENU_ID}
        data-testid="user-menu-button"
        aria-label="Account menu"
        title="Account"
        className={cn(
          "inline-flex size-9 items-center justify-center rounded-full border border-border-strong",
          "bg-surface-sunken text-text-muted transition-colors hover:text-text",
          className,
        )}
      >
        <UserIcon />
      </button>
      <div
        id={MENU_ID}
        popover="auto"
        data-testid="user-menu"
        className={cn(
          "inset-auto top-14 right-3 m-0 w-64 max-w-[calc(100vw-1.5rem)] rounded-lg border border-border",
          "bg-surface-raised p-0 text-sm text-text shadow-overlay",
        )}
      >
        <div className="border-b border-border px-4 py-3">
          <p className="font-medium">Not signed in</p>
          <p className="mt-0.5 text-text-muted">Accounts arrive in a later release.</p>
        </div>
        <div className="p-1">
          <Link href="/sign-in" className="block rounded-md px-3 py-2 text-text hover:bg-surface-sunken">
            Sign-in page
          </Link>
        </div>
      </div>
    </>
  );
}
