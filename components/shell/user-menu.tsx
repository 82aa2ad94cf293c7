"use client";

import Link from "next/link";
import { useRef, useState, useTransition } from "react";
import { Button, Dialog, useToast } from "@/components/ui";
import { cn } from "@/lib/cn";
import { signOutAction, signOutEverywhereAction } from "@/lib/actions/session";
import { UserIcon } from "./icons";
import type { ShellViewer } from "./shell-viewer";

const MENU_ID = "user-menu";

/** Who is signed in, and the ways out. Native popover: light dismiss and Escape from the browser. */
export function UserMenu({ viewer, className }: { viewer: Pick<ShellViewer, "user">; className?: string }) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  const displayName = viewer.user.name || viewer.user.email;

  return (
    <>
      <button
        type="button"
        popoverTarget={MENU_ID}
        data-testid="user-menu-button"
        aria-label={`Account menu for ${displayName}`}
        title={displayName}
        className={cn(
          "inline-flex size-9 items-center justify-center rounded-full border border-border-strong",
          "bg-surface-sunken text-xs font-semibold text-text-muted uppercase transition-colors hover:text-text",
          className,
        )}
      >
        {initials(displayName) || <UserIcon />}
      </button>
      <div
        id={MENU_ID}
        ref={menuRef}
        popover="auto"
        data-testid="user-menu"
        className={cn(
          "inset-auto top-14 right-3 m-0 w-64 max-w-[calc(100vw-1.5rem)] rounded-lg border border-border",
          "bg-surface-raised p-0 text-sm text-text shadow-overlay",
        )}
      >
        <div className="border-b border-border px-4 py-3">
          <p className="truncate font-medium" data-testid="user-menu-name">
            {viewer.user.name || "Unnamed user"}
          </p>
          <p className="mt-0.5 truncate text-text-muted" data-testid="user-menu-email">
            {viewer.user.email}
          </p>
        </div>
        <div className="flex flex-col p-1">
          <Link
            href="/settings"
            onClick={() => menuRef.current?.hidePopover()}
            className="rounded-md px-3 py-2 text-text hover:bg-surface-sunken"
          >
            Settings
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              data-testid="sign-out"
              className="w-full rounded-md px-3 py-2 text-left text-text hover:bg-surface-sunken"
            >
              Sign out
            </button>
          </form>
          <button
            type="button"
            data-testid="sign-out-everywhere"
            onClick={() => {
              menuRef.current?.hidePopover();
              setConfirming(true);
            }}
            className="w-full rounded-md px-3 py-2 text-left text-danger hover:bg-surface-sunken"
          >
            Sign out everywhere
          </button>
        </div>
      </div>
      <SignOutEverywhereDialog open={confirming} onClose={() => setConfirming(false)} />
    </>
  );
}

function SignOutEverywhereDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      // Success redirects to the sign-in page; only failures return.
      const result = await signOutEverywhereAction({});
      if (!result.ok)
        toast({ tone: "danger", title: "Could not sign out everywhere", description: result.error.message });
    });
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="Sign out of every device?"
      description="Every browser where you are signed in, this one included, is signed out at once. API tokens keep working; revoke them under Settings → API tokens."
      data-testid="sign-out-everywhere-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" loading={pending} onClick={confirm} data-testid="sign-out-everywhere-confirm">
            Sign out of every device
          </Button>
        </>
      }
    />
  );
}

function initials(name: string): string {
  const words = name.split(/[\s@.]+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => Array.from(word)[0] ?? "")
    .join("");
}
