import type { TemplateChange } from "@/lib/operations/template-diff";
import { cn } from "@/lib/cn";

const AREA_LABELS: Record<TemplateChange["area"], string> = {
  container: "Container",
  image: "Image",
  env: "Env",
  resources: "Resources",
  probes: "Probe",
  volumes: "Volume",
  command: "Command",
  args: "Args",
};

/** The structured summary of a template change: one line per image, env var, probe… */
export function TemplateChanges({ changes }: { changes: readonly TemplateChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-text-muted">No differences in the pod template.</p>;
  return (
    <ul className="flex flex-col gap-1 text-sm" data-testid="template-changes">
      {changes.map((change, index) => (
        <li key={index} className="grid grid-cols-[auto_1fr] gap-x-3 break-all" data-testid={`change-${change.area}`}>
          <span className="font-medium text-text-muted">
            {AREA_LABELS[change.area]}
            {change.container ? ` ${change.container}` : ""}
            {change.item ? ` ${change.item}` : ""}
          </span>
          <span className="font-mono text-xs">
            <span className="text-danger">{change.before ?? "(none)"}</span>
            {" → "}
            <span className="text-success">{change.after ?? "(none)"}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A unified diff, lines coloured by what they do. */
export function UnifiedDiff({ text, testId = "yaml-diff" }: { text: string; testId?: string }) {
  const lines = text.split("\n").filter((line) => !line.startsWith("===") && !line.startsWith("Index:"));
  return (
    <pre
      data-testid={testId}
      className="max-h-[50dvh] overflow-auto rounded-lg border border-border bg-surface-sunken p-3 font-mono text-xs leading-relaxed"
    >
      {lines.map((line, index) => (
        <div
          key={index}
          className={cn(
            line.startsWith("+") && !line.startsWith("+++") && "bg-success/10 text-success",
            line.startsWith("-") && !line.startsWith("---") && "bg-danger/10 text-danger",
            line.startsWith("@@") && "text-text-muted",
          )}
        >
          {line || " "}
        </div>
      ))}
    </pre>
  );
}
