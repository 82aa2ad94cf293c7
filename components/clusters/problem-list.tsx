import { Button } from "@/components/ui";
import { cn } from "@/lib/cn";
import { CLOUD_CONNECTOR_NAMES, type CloudConnectorSuggestion } from "@/lib/wire/cloud-connectors";
import { problemsOf } from "./error-placement";
import type { FieldError } from "./types";

/**
 * An input's problems, all of them, once each (a kubeconfig can have many): what is wrong in
 * words, what to do, the connector that fits a cloud kubeconfig, and the field's path as a
 * detail. All of it may quote a stranger's kubeconfig, so it is rendered as text.
 */
export function ProblemList({
  error,
  testId,
  className,
  onUseConnector,
}: {
  error: FieldError;
  testId: string;
  className?: string;
  /** Offered beside a suggested connector: opens its form, prefilled from the kubeconfig. */
  onUseConnector?: (suggestion: CloudConnectorSuggestion) => void;
}) {
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
              <span className="flex flex-wrap items-center gap-2 text-text">
                <span data-testid={`problem-connector-${problem.connector.type}`}>
                  Suggested: the {CLOUD_CONNECTOR_NAMES[problem.connector.type]} connector.
                </span>
                {onUseConnector ? <UseConnectorButton suggestion={problem.connector} onUse={onUseConnector} /> : null}
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

function UseConnectorButton({
  suggestion,
  onUse,
}: {
  suggestion: CloudConnectorSuggestion;
  onUse: (suggestion: CloudConnectorSuggestion) => void;
}) {
  return (
    <Button
      size="sm"
      variant="secondary"
      data-testid={`use-connector-${suggestion.type}`}
      onClick={() => onUse(suggestion)}
    >
      Use the {CLOUD_CONNECTOR_NAMES[suggestion.type]} connector
    </Button>
  );
}
