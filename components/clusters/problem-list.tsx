import type { InputProblem } from "@/lib/errors";
import { CLOUD_CONNECTOR_NAMES } from "@/lib/wire/cloud-connectors";

/**
 * Every problem of a kubeconfig, once each: what is wrong in words, what to do, and the field's
 * path as a detail. All of it is a stranger's text, rendered as text.
 */
export function ProblemList({ problems, testId }: { problems: readonly InputProblem[]; testId?: string }) {
  return (
    <ul data-testid={testId} className="flex flex-col gap-2">
      {problems.map((problem, index) => (
        <li key={`${problem.path}-${index}`} data-testid="problem" className="flex flex-col gap-0.5 break-words">
          <span>{problem.message}</span>
          {problem.hint ? <span className="text-text-muted">{problem.hint}</span> : null}
          {problem.connector ? (
            <span data-testid={`problem-connector-${problem.connector.type}`} className="text-text">
              Suggested: the {CLOUD_CONNECTOR_NAMES[problem.connector.type]} connector.
            </span>
          ) : null}
          <code className="font-mono text-xs text-text-muted">{problem.path}</code>
        </li>
      ))}
    </ul>
  );
}
