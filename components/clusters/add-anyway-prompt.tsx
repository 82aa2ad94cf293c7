"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui";

export type AddAnywayQuestion = {
  /** "failed-test": the connection test just failed; "duplicate": the same identity is registered. */
  kind: "failed-test" | "duplicate";
  /** One line per cluster concerned, in words. */
  reasons: string[];
};

const TITLES: Record<AddAnywayQuestion["kind"], string> = {
  "failed-test": "The connection test failed. Add anyway?",
  duplicate: "This cluster is already registered with the same credential. Add it again?",
};

const NOTES: Record<AddAnywayQuestion["kind"], string> = {
  "failed-test":
    "It will show as unreachable until it answers; you can fix its credential later with Rotate credential.",
  duplicate: "Two entries for one cluster are checked and listed twice. Usually you want the existing one.",
};

/** Asked in the form, right above its buttons, before a save that is probably a mistake. */
export function AddAnywayPrompt({
  question,
  pending,
  onConfirm,
  onCancel,
}: {
  question: AddAnywayQuestion;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  // Keyboard users land on the question's own answer.
  useEffect(() => confirmRef.current?.focus(), [question]);
  return (
    <div
      role="alertdialog"
      aria-labelledby="add-anyway-title"
      data-testid="add-anyway-prompt"
      data-kind={question.kind}
      className="flex flex-col gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2.5 text-sm"
    >
      <p id="add-anyway-title" className="font-medium text-text">
        {TITLES[question.kind]}
      </p>
      <ul className="flex flex-col gap-1 text-xs break-words text-text">
        {question.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p className="text-xs text-text-muted">{NOTES[question.kind]}</p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={onCancel} disabled={pending}>
          Go back
        </Button>
        <Button size="sm" ref={confirmRef} data-testid="add-anyway-confirm" loading={pending} onClick={onConfirm}>
          {question.kind === "duplicate" ? "Add it again" : "Add anyway"}
        </Button>
      </div>
    </div>
  );
}
