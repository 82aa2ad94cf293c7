"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { cn } from "@/lib/cn";
import { useTopModal } from "./top-layer";

export type ToastTone = "info" | "success" | "warning" | "danger";

export type ToastOptions = {
  title: string;
  description?: string;
  tone?: ToastTone;
  /** Milliseconds before it hides itself; 0 keeps it until dismissed. */
  duration?: number;
};

type ToastItem = Required<Omit<ToastOptions, "description">> & {
  id: number;
  description?: string;
  /** How many times this same outcome was reported while it was showing. */
  count: number;
  /** Bumped on every repeat, so the card's timer starts over. */
  shownAt: number;
};

type ToastApi = {
  toast: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

// Few on purpose: toasts report outcomes; they must not pile up over the page.
const MAX_VISIBLE = 3;
// Failures stay longer: the user may need to read and quote them.
const DEFAULT_DURATION: Record<ToastTone, number> = { info: 5000, success: 5000, warning: 8000, danger: 10000 };

const toneClasses: Record<ToastTone, string> = {
  info: "border-l-info",
  success: "border-l-success",
  warning: "border-l-warning",
  danger: "border-l-danger",
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((item) => item.id !== id));
  }, []);

  // The same outcome reported again (a double click, a retry that failed the same way) updates the
  // toast already showing: one toast per outcome, with a count, never a stack of copies.
  const toast = useCallback((options: ToastOptions) => {
    const tone = options.tone ?? "info";
    const item: ToastItem = {
      id: nextId.current++,
      tone,
      title: options.title,
      description: options.description,
      duration: options.duration ?? DEFAULT_DURATION[tone],
      count: 1,
      shownAt: Date.now(),
    };
    let shownId = item.id;
    setToasts((current) => {
      const same = current.find((other) => sameOutcome(other, item));
      if (!same) return [...current, item].slice(-MAX_VISIBLE);
      shownId = same.id;
      const repeated = { ...same, count: same.count + 1, shownAt: item.shownAt };
      return [...current.filter((other) => other.id !== same.id), repeated];
    });
    return shownId;
  }, []);

  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext value={api}>
      {children}
      <ToastViewport toasts={toasts} onDismiss={dismiss} />
    </ToastContext>
  );
}

/** Mutations report their outcome through this (product rule: every mutation reports). */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast must be used inside <ToastProvider>");
  return api;
}

function sameOutcome(a: ToastItem, b: ToastItem) {
  return a.tone === b.tone && a.title === b.title && a.description === b.description;
}

/**
 * While a modal dialog is open the page behind it is inert and covered by its backdrop, so the
 * toasts render inside the innermost dialog (the browser's top layer): visible above the
 * backdrop, and their buttons and live regions still work.
 */
function ToastViewport({ toasts, onDismiss }: { toasts: ToastItem[]; onDismiss: (id: number) => void }) {
  const modal = useTopModal();
  const viewport = <ToastRegions toasts={toasts} onDismiss={onDismiss} />;
  return modal ? createPortal(viewport, modal) : viewport;
}

function ToastRegions({ toasts, onDismiss }: { toasts: ToastItem[]; onDismiss: (id: number) => void }) {
  // Both regions stay mounted: screen readers only announce changes to a live region that
  // already existed, so rendering it together with the first toast would be silent.
  const urgent = toasts.filter((item) => item.tone === "danger");
  const polite = toasts.filter((item) => item.tone !== "danger");
  return (
    <div
      data-testid="toast-viewport"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col gap-2 p-4 text-left"
    >
      <ol aria-live="assertive" aria-atomic="false" data-testid="toast-region-urgent" className={regionClasses}>
        {urgent.map((item) => (
          <ToastCard key={item.id} item={item} onDismiss={onDismiss} />
        ))}
      </ol>
      <ol aria-live="polite" aria-atomic="false" data-testid="toast-region" className={regionClasses}>
        {polite.map((item) => (
          <ToastCard key={item.id} item={item} onDismiss={onDismiss} />
        ))}
      </ol>
    </div>
  );
}

const regionClasses = "flex flex-col items-center gap-2 sm:items-end";

function ToastCard({ item, onDismiss }: { item: ToastItem; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (item.duration <= 0) return;
    const timer = window.setTimeout(() => onDismiss(item.id), item.duration);
    return () => window.clearTimeout(timer);
  }, [item.id, item.duration, item.shownAt, onDismiss]);

  return (
    <li
      data-testid="toast"
      data-tone={item.tone}
      data-count={item.count}
      className={cn(
        "pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border border-l-4",
        "bg-surface-raised px-4 py-3 text-sm text-text shadow-overlay",
        toneClasses[item.tone],
      )}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium break-words">
          {item.title}
          {item.count > 1 ? (
            <span className="ml-2 rounded-full bg-text-muted/12 px-1.5 text-xs text-text-muted">
              ×{item.count}
              <span className="sr-only"> times</span>
            </span>
          ) : null}
        </p>
        {item.description ? <p className="mt-0.5 break-words text-text-muted">{item.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(item.id)}
        aria-label="Dismiss notification"
        className="-mr-1 rounded-md p-1 text-text-muted hover:bg-surface-sunken hover:text-text"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </button>
    </li>
  );
}
