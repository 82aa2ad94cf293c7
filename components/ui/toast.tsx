"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";

export type ToastTone = "info" | "success" | "warning" | "danger";

export type ToastOptions = {
  title: string;
  description?: string;
  tone?: ToastTone;
  /** Milliseconds before it hides itself; 0 keeps it until dismissed. */
  duration?: number;
};

type ToastItem = Required<Omit<ToastOptions, "description">> & { id: number; description?: string };

type ToastApi = {
  toast: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

const MAX_VISIBLE = 4;
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

  const toast = useCallback((options: ToastOptions) => {
    const id = nextId.current++;
    const tone = options.tone ?? "info";
    const item: ToastItem = {
      id,
      tone,
      title: options.title,
      description: options.description,
      duration: options.duration ?? DEFAULT_DURATION[tone],
    };
    setToasts((current) => [...current, item].slice(-MAX_VISIBLE));
    return id;
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

function ToastViewport({ toasts, onDismiss }: { toasts: ToastItem[]; onDismiss: (id: number) => void }) {
  // Both regions stay mounted: screen readers only announce changes to a live region that
  // already existed, so rendering it together with the first toast would be silent.
  const urgent = toasts.filter((item) => item.tone === "danger");
  const polite = toasts.filter((item) => item.tone !== "danger");
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col gap-2 p-4">
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
  }, [item.id, item.duration, onDismiss]);

  return (
    <li
      data-testid="toast"
      data-tone={item.tone}
      className={cn(
        "pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border border-l-4",
        "bg-surface-raised px-4 py-3 text-sm text-text shadow-overlay",
        toneClasses[item.tone],
      )}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium break-words">{item.title}</p>
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
