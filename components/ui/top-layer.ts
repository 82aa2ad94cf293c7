"use client";

import { useSyncExternalStore } from "react";

/**
 * The modal dialogs open right now, innermost last. A modal <dialog> sits in the browser's top
 * layer above everything else and makes the rest of the page inert, so anything that must stay
 * visible and usable above it (toasts) is rendered inside the innermost one.
 */
let stack: readonly HTMLDialogElement[] = [];
const listeners = new Set<() => void>();

function publish(next: readonly HTMLDialogElement[]) {
  stack = next;
  for (const listener of listeners) listener();
}

export function noteModalOpened(dialog: HTMLDialogElement) {
  publish([...stack.filter((item) => item !== dialog), dialog]);
}

export function noteModalClosed(dialog: HTMLDialogElement) {
  if (stack.includes(dialog)) publish(stack.filter((item) => item !== dialog));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The innermost open modal dialog, or null (also during the server render). */
export function useTopModal(): HTMLDialogElement | null {
  return useSyncExternalStore(
    subscribe,
    () => stack.at(-1) ?? null,
    () => null,
  );
}
