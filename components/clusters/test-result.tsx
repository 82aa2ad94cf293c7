import { Badge, Spinner } from "@/components/ui";
import type { ClusterTestResult } from "@/lib/actions/clusters";
import { FormError } from "./form-error";
import type { FieldError } from "./types";

export type TestState =
  | { state: "idle" }
  | { state: "running" }
  | { state: "done"; result: ClusterTestResult }
  | { state: "failed"; error: FieldError };

/** What "Test connection" found: reachable, version, latency and, per access check, allowed or denied. */
export function TestResult({ test, testId }: { test: TestState; testId: string }) {
  if (test.state === "idle") return null;
  if (test.state === "running") {
    return (
      <p data-testid={testId} aria-busy="true" className="flex items-center gap-2 text-xs text-text-muted">
        <Spinner className="size-3.5" /> Connecting…
      </p>
    );
  }
  if (test.state === "failed") return <FormError error={test.error} testId={testId} />;
  const { result } = test;
  return (
    <div
      data-testid={testId}
      role="status"
      className="flex flex-col gap-2 rounded-md bg-surface-sunken px-3 py-2 text-xs"
    >
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Badge tone="success" dot>
          reachable
        </Badge>
        <span>
          Version <span className="font-mono font-medium text-text">{result.version}</span>
        </span>
        <span>
          Latency <span className="font-medium text-text">{result.latencyMs} ms</span>
        </span>
      </p>
      <ul aria-label="What this credential may do" className="flex flex-wrap gap-1.5">
        {result.access.map((check) => (
          <li key={check.label}>
            <Badge tone={check.allowed ? "success" : "warning"} data-allowed={check.allowed}>
              {check.label}: {check.allowed ? "allowed" : "denied"}
            </Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
