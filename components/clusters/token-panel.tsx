"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Input, useToast } from "@/components/ui";
import { addClustersAction } from "@/lib/actions/clusters";
import type { AddAnywayQuestion } from "./add-anyway-prompt";
import { placeError } from "./error-placement";
import { FormError } from "./form-error";
import { describeError, fieldMessage } from "./format";
import type { TestState } from "./test-result";
import { SourceFormFooter } from "./source-form-footer";
import { EMPTY_TOKEN_FORM, TokenFields, type TokenFormValues } from "./token-fields";
import type { FieldError } from "./types";
import { UNREACHABLE_SERVER, useConnectionTest } from "./use-connection-test";
import { validateClusterName } from "./validate";

type FieldErrors = Partial<Record<keyof TokenFormValues | "name", string>>;
type Confirmed = { failedTest?: boolean; duplicate?: boolean };

/**
 * Server URL, CA and token. Each error is shown once, under the field it is about (a refused
 * address under Server URL); only errors about no field in particular go in the form's box.
 */
export function TokenPanel({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [values, setValues] = useState<TokenFormValues>(EMPTY_TOKEN_FORM);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [question, setQuestion] = useState<AddAnywayQuestion | null>(null);
  const [pending, startTransition] = useTransition();

  function clearOutcome() {
    setErrors({});
    setFormError(null);
    setQuestion(null);
  }

  function changeValues(next: TokenFormValues) {
    setValues(next);
    setTest({ state: "idle" }); // a test of other values no longer says anything
    clearOutcome();
  }

  /** Under its field, or in the box; never both, never also as a toast. */
  function show(error: FieldError) {
    const place = placeError(error);
    if (place === "duplicate") return setQuestion({ kind: "duplicate", reasons: [error.message] });
    if (place === "form" || place === "kubeconfig") return setFormError(error);
    setErrors({ [place]: fieldMessage({ ...error, path: place }) });
  }

  async function runTest() {
    clearOutcome();
    const outcome = await testConnection(values, setTest);
    if (outcome.state === "failed" && placeError(outcome.error) !== "form") show(outcome.error);
  }

  function submit(event?: FormEvent<HTMLFormElement>, confirmed: Confirmed = {}) {
    event?.preventDefault();
    clearOutcome();
    const nameProblem = validateClusterName(name);
    if (nameProblem) return setErrors({ name: nameProblem });
    if (test.state === "failed" && !confirmed.failedTest) {
      return setQuestion({ kind: "failed-test", reasons: [describeError(test.error)] });
    }
    startTransition(async () => {
      const input = { name: name.trim(), ...values, allowDuplicates: confirmed.duplicate === true };
      const result = await addClustersAction(input).catch(() => null);
      const outcome = result?.ok ? result.data[0] : undefined;
      if (outcome?.ok) {
        toast({ tone: "success", title: `Cluster "${outcome.name}" added`, description: "Checking its health now." });
        router.refresh();
        onDone();
        return;
      }
      show(outcome?.error ?? (result && !result.ok ? result.error : UNREACHABLE_SERVER));
    });
  }

  function confirm() {
    if (!question) return;
    submit(undefined, { failedTest: true, duplicate: question.kind === "duplicate" });
  }

  // A failed test about one field is shown under that field; only the rest is the test's own result.
  const testShown = test.state === "failed" && placeError(test.error) !== "form" ? null : test;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Input
        label="Cluster name"
        data-testid="token-name"
        placeholder="prod-eu"
        maxLength={63}
        autoComplete="off"
        required
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setErrors((current) => ({ ...current, name: undefined }));
        }}
        error={errors.name}
        disabled={pending}
      />
      <TokenFields values={values} onChange={changeValues} errors={errors} disabled={pending} />
      <FormError error={formError} />
      <SourceFormFooter
        testIdPrefix="token"
        test={testShown}
        question={question}
        pending={pending}
        onTest={runTest}
        onConfirm={confirm}
        onDismissQuestion={() => setQuestion(null)}
        onCancel={onDone}
      />
    </form>
  );
}
