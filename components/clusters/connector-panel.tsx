"use client";

import { useState, type FormEvent } from "react";
import { Input } from "@/components/ui";
import { addConnectorClusterAction } from "@/lib/actions/clusters";
import { CLOUD_CONNECTOR_NAMES } from "@/lib/wire/cloud-connectors";
import { ConnectorFields, type ConnectorFieldErrors } from "./connector-fields";
import { type ConnectorValues, fieldOfPath, missingFields, toConnectorInput } from "./connector-form";
import { FormError } from "./form-error";
import { fieldMessage } from "./format";
import { SourceFormFooter } from "./source-form-footer";
import type { FieldError } from "./types";
import { type AddOutcome, type Confirmed, useSourceForm } from "./use-source-form";
import { validateClusterName } from "./validate";

/**
 * One cluster through a cloud connector (EKS, GKE, AKS): Pilothouse mints its tokens with the
 * cloud's own SDK, so no exec plugin and no static token is needed. Errors go under the field they
 * name (`connector.region` → Region), the rest in the form's box, like the token form.
 */
export function ConnectorPanel({ initial, onDone }: { initial: ConnectorValues; onDone: () => void }) {
  const [values, setValues] = useState<ConnectorValues>(initial);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [errors, setErrors] = useState<ConnectorFieldErrors>({});
  const form = useSourceForm({
    onDone,
    clearFieldErrors: () => {
      setErrors({});
      setNameError(undefined);
    },
  });
  const { test, pending } = form;
  const cloud = CLOUD_CONNECTOR_NAMES[values.type];

  function changeValues(next: ConnectorValues) {
    setValues(next);
    form.valuesChanged();
  }

  /** Under its field, or in the box; never both. */
  function show(error: FieldError) {
    if (error.code === "CONFLICT" && error.path === "credential") return form.askAboutDuplicate(error.message);
    if (error.path === "name") return setNameError(fieldMessage(error));
    const field = fieldOfPath(values, error.path);
    if (!field) return form.setFormError(error);
    setErrors({ [field]: fieldMessage(error) });
  }

  /** Required fields, checked here for instant feedback; the server checks everything again. */
  function checkRequired(): boolean {
    const missing = missingFields(values);
    if (missing.length === 0) return true;
    setErrors(Object.fromEntries(missing.map((field) => [field, "is required"])));
    return false;
  }

  async function runTest() {
    form.clearOutcome();
    if (!checkRequired()) return;
    const outcome = await form.runTest({ connector: toConnectorInput(values) });
    if (outcome.state === "failed" && fieldOfPath(values, outcome.error.path)) show(outcome.error);
  }

  async function send(confirmed: Confirmed): Promise<AddOutcome> {
    const result = await addConnectorClusterAction({
      name: name.trim(),
      connector: toConnectorInput(values),
      ...(confirmed.duplicate && { allowDuplicate: true }),
    });
    return result.ok ? { ok: true, name: result.data.name } : { ok: false, error: result.error };
  }

  function submit(event?: FormEvent<HTMLFormElement>, confirmed: Confirmed = {}) {
    event?.preventDefault();
    form.clearOutcome();
    const nameProblem = validateClusterName(name);
    if (nameProblem) setNameError(nameProblem);
    if (!checkRequired() || nameProblem) return;
    form.add(confirmed, () => send(confirmed), show);
  }

  function confirm() {
    const confirmed = form.confirmation();
    if (confirmed) submit(undefined, confirmed);
  }

  // A failed test about one field is shown under that field; only the rest is the test's own result.
  const testShown = test.state === "failed" && fieldOfPath(values, test.error.path) ? null : test;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid={`connector-form-${values.type}`}>
      <p className="text-xs text-text-muted">
        Pilothouse signs in to {cloud} itself and mints short-lived tokens: no exec plugin, no static token. The
        identity needs access inside the cluster; see docs/cloud-clusters.md.
      </p>
      <Input
        label="Cluster name in Pilothouse"
        data-testid="connector-name"
        placeholder="prod-eu"
        maxLength={63}
        autoComplete="off"
        required
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setNameError(undefined);
        }}
        error={nameError}
        disabled={pending}
      />
      <ConnectorFields values={values} onChange={changeValues} errors={errors} disabled={pending} />
      <FormError error={form.formError} />
      <SourceFormFooter
        testIdPrefix="connector"
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
