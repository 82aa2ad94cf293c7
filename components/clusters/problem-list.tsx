import { cn } from "@/lib/cn";
import { fieldMessage } from "./format";
import type { FieldError } from "./types";
import { problemsOf } from "./error-placement";

/**
 * An input's problems, all of them, as text (they may quote a hostile kubeconfig): each with the
 * place it is about and, when the server knows one, what to do about it.
 */
export function ProblemList({ error, testId, className }: { error: FieldError; testId: string; className?: string }) {
  const problems = problemsOf(error);
  return (
    <div role="alert" id={testId} data-testid={testId} className={cn("text-xs break-words text-danger", className)}>
      {problems.length > 1 ? <p className="mb-1 font-medium">{problems.length} problems to fix:</p> : null}
      <ul className={cn(problems.length > 1 && "list-disc pl-4", "flex flex-col gap-1")}>
        {problems.map((problem, index) => (
          <li key={`${problem.path}:${index}`}>
            {problem.path && !problem.message.includes(problem.path) ? (
              <span className="font-mono">{problem.path}: </span>
            ) : null}
            {fieldMessage(problem)}
            {problem.hint ? <span className="block text-text-muted">{problem.hint}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
