"use client";

import { useState, type FormEvent } from "react";
import { Input } from "@/components/ui";
import { addClustersAction } from "@/lib/actions/clusters";
import { placeError } from "./error-placement";
import { FormError } from "./form-error";
import { fieldMessage } from "./format";
import { SourceFormFooter } from "./source-form-footer";
import { EMPTY_TOKEN_FORM, TokenFields, type TokenFormValues } from "./token-fields";
import type { FieldError } from "./types";
import { UNREACHABLE_SERVER } from "./use-connection-test";
import { type AddOutcome, type Confirmed, useSourceForm } from "./use-source-form";
import { validateClusterName } from "./validate";

type FieldErrors = Partial<Record<keyof TokenFormValues | "name", string>>;

/**
 * Server URL, CA and token. Each error is shown once, under the field it is about (a refused
 * address under Server URL); only errors about no field in particular go in the form's box.
 */
export function TokenPanel({ onDone }: { onDone: () => void }) {
  const [values, setValues] = useState<TokenFormValues>(EMPTY_TOKEN_FORM);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useSourceForm({ onDone, clearFieldErrors: () => setErrors({}) });
  const { test, pending } = form;

  function changeValues(next: TokenFormValues) {
    setValues(next);
    form.valuesChanged();
  }

  /** Under its field, or in the box; never both, never also as a toast. */
  function show(error: FieldError) {
    const place = placeError(error);
    if (place === "duplicate") return form.askAboutDuplicate(error.message);
    if (place === "form" || place === "kubeconfig") return form.setFormError(error);
    setErrors({ [place]: fieldMessage({ ...error, path: place }) });
  }

  async function runTest() {
    const outcome = await form.runTest(values);
    if (outcome.state === "failed" && placeError(outcome.error) !== "form") show(outcome.error);
  }

  async function send(confirmed: Confirmed): Promise<AddOutcome> {
    const result = await addClustersAction({
      name: name.trim(),
      ...values,
      allowDuplicates: confirmed.duplicate === true,
    });
    const outcome = result.ok ? result.data[0] : undefined;
    if (outcome?.ok) return { ok: true, name: outcome.name };
    return { ok: false, error: outcome?.error ?? (result.ok ? UNREACHABLE_SERVER : result.error) };
  }

  function submit(event?: FormEvent<HTMLFormElement>, confirmed: Confirmed = {}) {
    event?.preventDefault();
    form.clearOutcome();
    const nameProblem = validateClusterName(name);
    if (nameProblem) return setErrors({ name: nameProblem });
    form.add(confirmed, () => send(confirmed), show);
  }

  function confirm() {
    const confirmed = form.confirmation();
    if (confirmed) submit(undefined, confirmed);
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
      <FormError error={form.formError} />
      <SourceFormFooter
        testIdPrefix="token"
        test={testShown}
        question={form.question}
        pending={pending}
        onTest={runTest}
        onConfirm={confirm}
        onDismissQuestion={form.dismissQuestion}
        onCancel={onDone}
      />
    </form>
  );
}
