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
