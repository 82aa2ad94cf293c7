"use client";

import { useRef, useState, useTransition } from "react";
import { Spinner, useToast } from "@/components/ui";
import { cn } from "@/lib/cn";
import { switchOrgAction } from "@/lib/actions/orgs";
import { CreateOrgDialog } from "./create-org-dialog";
import type { ShellViewer } from "./shell-viewer";
import { SelectChevron } from "@/components/ui/select-chevron";

const MENU_ID = "org-switcher-menu";

/**
 * The active organization and the viewer's role in it, always visible; the menu lists every org
 * they belong to. Uses the native popover API (light dismiss, Escape, top layer for free).
 */
export function OrgSwitcher({ viewer, className }: { viewer: ShellViewer; className?: string }) {
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();
  const [creating, setCreating] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  function switchTo(orgId: string, name: string) {
    menuRef.current?.hidePopover();
    if (orgId === viewer.org.id) return;
    startTransition(async () => {
      // Success redirects to the other org's overview; only failures return.
      const result = await switchOrgAction({ orgId });
      if (!result.ok)
        toast({ tone: "danger", title: `Could not switch to ${name}`, description: result.error.message });
    });
  }

  return (
    <div className={cn("min-w-0", className)}>
      <button
        type="button"
        popoverTarget={MENU_ID}
        data-testid="org-switcher"
        aria-label={`Organization: ${viewer.org.name}, your role: ${viewer.role}. Switch organization`}
        aria-busy={pending || undefined}
        className={cn(
          "flex h-9 w-full min-w-0 items-center gap-2 rounded-md border border-border-strong bg-surface-raised px-2.5",
          "text-sm text-text transition-colors hover:bg-surface-sunken",
        )}
      >
        <OrgInitial name={viewer.org.name} className="hidden sm:inline-flex" />
        {/* On a phone the role goes under the name, so the name gets the whole width. */}
        <span className="flex min-w-0 flex-col items-start leading-tight sm:flex-row sm:items-center sm:gap-2">
          <span className="max-w-full min-w-0 truncate font-medium" data-testid="current-org">
            {viewer.org.name}
          </span>
          <span
            data-testid="current-role"
            className={cn("shrink-0 text-[11px] text-text-muted", ROLE_TAG[roleTone(viewer.role)])}
          >
            {viewer.role}
          </span>
        </span>
        {pending ? <Spinner className="ml-auto shrink-0" /> : <Chevron />}
      </button>
      <div
        id={MENU_ID}
        ref={menuRef}
        popover="auto"
        data-testid="org-switcher-menu"
        className={cn(
          "inset-auto top-14 left-3 m-0 w-72 max-w-[calc(100vw-1.5rem)] rounded-lg border border-border md:left-64",
          "bg-surface-raised p-1 text-sm text-text shadow-overlay",
        )}
      >
        <p className="px-3 pt-2 pb-1 text-xs font-medium tracking-wide text-text-muted uppercase">Organizations</p>
        <ul>
          {viewer.memberships.map((membership) => {
            const current = membership.org.id === viewer.org.id;
            return (
              <li key={membership.org.id}>
                <button
                  type="button"
                  onClick={() => switchTo(membership.org.id, membership.org.name)}
                  aria-current={current || undefined}
                  data-testid={`org-option-${membership.org.name}`}
                  className={cn(
                    "flex w-full min-w-0 items-center gap-2 rounded-md px-3 py-2 text-left hover:bg-surface-sunken",
                    current && "bg-accent/8",
                  )}
                >
                  <OrgInitial name={membership.org.name} />
                  <span className="min-w-0 flex-1 truncate">{membership.org.name}</span>
                  <span className="shrink-0 text-xs text-text-muted">{membership.role}</span>
                  {current ? <Check /> : null}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="mt-1 border-t border-border pt-1">
          <button
            type="button"
            data-testid="create-org-open"
            onClick={() => {
              menuRef.current?.hidePopover();
              setCreating(true);
            }}
            className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-accent hover:bg-surface-sunken"
          >
            <span aria-hidden="true" className="inline-flex size-6 items-center justify-center text-base">
              +
            </span>
            Create organization
          </button>
        </div>
      </div>
      <CreateOrgDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

export function roleTone(role: ShellViewer["role"]) {
  return role === "owner" || role === "admin" ? "info" : role === "editor" ? "success" : "neutral";
}

/** From sm up the role is a badge in its tone; below, plain small text under the name. */
const ROLE_TAG: Record<ReturnType<typeof roleTone>, string> = {
  info: "sm:rounded-full sm:bg-info/12 sm:px-2 sm:py-0.5 sm:text-xs sm:font-medium sm:text-info",
  success: "sm:rounded-full sm:bg-success/12 sm:px-2 sm:py-0.5 sm:text-xs sm:font-medium sm:text-success",
  neutral: "sm:rounded-full sm:bg-text-muted/12 sm:px-2 sm:py-0.5 sm:text-xs sm:font-medium sm:text-text-muted",
};

function OrgInitial({ name, className = "inline-flex" }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        className,
        "size-6 shrink-0 items-center justify-center rounded-md bg-accent/12 text-xs font-semibold text-accent uppercase",
      )}
    >
      {Array.from(name.trim())[0] ?? "?"}
    </span>
  );
}

function Chevron() {
  return <SelectChevron className="ml-auto hidden size-4 shrink-0 text-text-muted sm:block" />;
}

function Check() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" fill="none" className="size-4 shrink-0 text-accent">
      <path d="m3.5 8.5 3 3 6-7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
