import { cn } from "@/lib/cn";
import { CLOUD_CONNECTOR_NAMES } from "@/lib/wire/cloud-connectors";
import { problemsOf } from "./error-placement";
import type { FieldError } from "./types";

/**
 * An input's problems, all of them, once each (a kubeconfig can have many): what is wrong in
 * words, what to do, the connector that fits a cloud kubeconfig, and the field's path as a
 * detail. All of it may quote a stranger's kubeconfig, so it is rendered as text.
 */
export function ProblemList({ error, testId, className }: { error: FieldError; testId: string; className?: string }) {
  const problems = problemsOf(error);
  return (
    <div role="alert" id={testId} data-testid={testId} className={cn("text-xs break-words text-danger", className)}>
      {problems.length > 1 ? <p className="mb-1 font-medium">{problems.length} problems to fix:</p> : null}
      <ul className={cn(problems.length > 1 && "list-disc pl-4", "flex flex-col gap-1.5")}>
        {problems.map((problem, index) => (
          <li key={`${problem.path}:${index}`} data-testid="problem">
            <span>{problem.message}</span>
            {problem.hint ? <span className="block text-text-muted">{problem.hint}</span> : null}
            {problem.connector ? (
              <span data-testid={`problem-connector-${problem.connector.type}`} className="block text-text">
                Suggested: the {CLOUD_CONNECTOR_NAMES[problem.connector.type]} connector.
              </span>
            ) : null}
            {problem.path && !problem.message.includes(problem.path) ? (
              <code className="block font-mono text-text-muted">{problem.path}</code>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
