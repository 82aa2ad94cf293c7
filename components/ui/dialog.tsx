"use client";

import { useEffect, useId, useRef, type MouseEvent, type PointerEvent, type ReactNode, type RefObject } from "react";
import { cn } from "@/lib/cn";
import { noteModalClosed, noteModalOpened } from "./top-layer";

export type DialogSize = "sm" | "md" | "lg";

export type DialogProps = {
  open: boolean;
  /** Called for Escape, the close button, a backdrop click, or a <form method="dialog">. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Action buttons; the destructive one should name the object it acts on. */
  footer?: ReactNode;
  /** Focused on open. Without it the browser focuses the first focusable element (or autofocus). */
  initialFocusRef?: RefObject<HTMLElement | null>;
  closeOnBackdrop?: boolean;
  size?: DialogSize;
  className?: string;
  "data-testid"?: string;
};

const sizeClasses: Record<DialogSize, string> = {
  sm: "max-w-sm",
  md: "max-w-lg",
  lg: "max-w-3xl",
};

/**
 * Built on native <dialog>.showModal(): the browser provides the focus trap, inert background,
 * Escape handling and top-layer stacking, so none of it is re-implemented here.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  initialFocusRef,
  closeOnBackdrop = true,
  size = "md",
  className,
  "data-testid": testId,
}: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnFocusRef = useRef<HTMLElement | null>(null);
  const openRef = useRef(open);
  const pressedOnBackdropRef = useRef(false);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    openRef.current = open;
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocusRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      noteModalOpened(dialog);
      focusInitial(dialog, initialFocusRef);
    } else if (!open && dialog.open) {
      dialog.close();
      noteModalClosed(dialog);
    }
  }, [open, initialFocusRef]);

  // Unmounting while open would otherwise leave focus on a detached node (and toasts in it).
  useEffect(() => {
    const dialog = dialogRef.current;
    return () => {
      if (dialog) noteModalClosed(dialog);
      restoreFocus(returnFocusRef);
    };
  }, []);

  function handleNativeClose() {
    if (dialogRef.current) noteModalClosed(dialogRef.current);
    restoreFocus(returnFocusRef);
    // The close event is async: only report closes the parent did not ask for itself.
    if (openRef.current) onClose();
  }

  // The content wrapper fills the dialog, so an event whose target is <dialog> itself is the
  // backdrop. Both press and release must be there: a text selection dragged out of an input
  // ends with a click on the dialog too, and must not close it.
  function handlePointerDown(event: PointerEvent<HTMLDialogElement>) {
    pressedOnBackdropRef.current = event.target === event.currentTarget;
  }

  function handleClick(event: MouseEvent<HTMLDialogElement>) {
    if (closeOnBackdrop && pressedOnBackdropRef.current && event.target === event.currentTarget) onClose();
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={handleNativeClose}
      onPointerDown={handlePointerDown}
      onClick={handleClick}
      data-testid={testId}
      className={cn(
        "m-auto w-[calc(100%-2rem)] rounded-lg border border-border bg-surface-raised p-0 text-text shadow-overlay",
        sizeClasses[size],
        className,
      )}
    >
      <div className="flex max-h-[calc(100dvh-4rem)] flex-col">
        <header className="flex items-start gap-4 border-b border-border px-5 py-4">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-base font-semibold text-text">
              {title}
            </h2>
            {description ? (
              <p id={descriptionId} className="mt-1 text-sm text-text-muted">
                {description}
              </p>
            ) : null}
          </div>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close dialog"
            data-testid={testId ? `${testId}-close` : undefined}
            className="-mr-1 rounded-md p-1 text-text-muted hover:bg-surface-sunken hover:text-text"
          >
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
          </button>
        </header>
        {children ? (
          <div data-dialog-body="" className="min-h-0 overflow-y-auto px-5 py-4 text-sm">
            {children}
          </div>
        ) : null}
        {footer ? (
          <footer data-dialog-footer="" className="flex flex-wrap justify-end gap-2 border-t border-border px-5 py-3">
            {footer}
          </footer>
        ) : null}
      </div>
    </dialog>
  );
}

const FOCUSABLE =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * The browser would focus the header's close button first; landing on the first field, or on
 * the first footer button (Cancel, by convention) for a confirmation, is safer and faster.
 */
function focusInitial(dialog: HTMLDialogElement, initialFocusRef?: RefObject<HTMLElement | null>) {
  const target =
    initialFocusRef?.current ??
    dialog.querySelector<HTMLElement>(`[data-dialog-body] :is(${FOCUSABLE})`) ??
    dialog.querySelector<HTMLElement>(`[data-dialog-footer] :is(${FOCUSABLE})`);
  target?.focus();
}

/** Clears the ref so a later unmount cannot pull focus back a second time. */
function restoreFocus(returnFocusRef: RefObject<HTMLElement | null>) {
  const element = returnFocusRef.current;
  returnFocusRef.current = null;
  if (element?.isConnected) element.focus();
}
