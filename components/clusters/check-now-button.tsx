"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui";
import { checkClusterNowAction } from "@/lib/actions/clusters";
import type { ClusterSummary } from "./types";
import { recordClusterHealth } from "./use-live-clusters";

/** Probe one cluster right away. The answer lands on every card of this page through the live store. */
export function CheckNowButton({ cluster }: { cluster: Pick<ClusterSummary, "id" | "name"> }) {
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);

  function check() {
    setProblem(null);
    startTransition(async () => {
      const result = await checkClusterNowAction({ id: cluster.id }).catch(() => null);
      if (result?.ok) recordClusterHealth(cluster.id, result.data);
      else setProblem(result ? result.error.message : "Pilothouse could not be reached. Try again.");
    });
  }

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant="secondary"
        data-testid={`cluster-check-now-${cluster.name}`}
        aria-label={`Check ${cluster.name} now`}
        loading={pending}
        onClick={check}
      >
        Check now
      </Button>
      {problem ? (
        <span
          role="status"
          data-testid={`cluster-check-now-problem-${cluster.name}`}
          className="text-xs text-text-muted"
        >
          {problem}
        </span>
      ) : null}
    </span>
  );
}
