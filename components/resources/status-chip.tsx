import { Badge, type BadgeTone } from "@/components/ui";
import { cn } from "@/lib/cn";
import { isAlarming } from "@/lib/resources/list-view";
import type { Tone } from "@/lib/resources/types";

export const TONES: Record<Tone, BadgeTone> = {
  ok: "success",
  warn: "warning",
  error: "danger",
  info: "info",
  muted: "neutral",
};

/** A tone as a bare dot's colour (where a chip's label has no room). */
export const DOT_TONES: Record<Tone, string> = {
  ok: "bg-success",
  warn: "bg-warning",
  error: "bg-danger",
  info: "bg-info",
  muted: "bg-text-muted",
};

/** Failing states as coloured chips (the reason as a tooltip); healthy ones as plain text. */
export function StatusChip({ tone, label, reason }: { tone: Tone; label: string; reason?: string | undefined }) {
  if (!isAlarming(tone)) {
    return <span className={cn(tone === "ok" ? "text-success" : "text-text-muted")}>{label}</span>;
  }
  return (
    <Badge tone={TONES[tone]} dot title={reason} data-testid={`status-chip-${label}`}>
      {label}
    </Badge>
  );
}
