"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Input, useToast } from "@/components/ui";
import { addConnectorClusterAction } from "@/lib/actions/clusters";
import { CLOUD_CONNECTOR_NAMES } from "@/lib/wire/cloud-connectors";
import type { AddAnywayQuestion } from "./add-anyway-prompt";
import { ConnectorFields, type ConnectorFieldErrors } from "./connector-fields";
import { type ConnectorValues, fieldOfPath, missingFields, toConnectorInput } from "./connector-form";
import { FormError } from "./form-error";
import { describeError, fieldMessage } from "./format";
import type { TestState } from "./test-result";
import { SourceFormFooter } from "./source-form-footer";
import type { FieldError } from "./types";
import { UNREACHABLE_SERVER, useConnectionTest } from "./use-connection-test";
import { validateClusterName } from "./validate";

type Confirmed = { failedTest?: boolean; duplicate?: boolean };

/**
 * One cluster through a cloud connector (EKS, GKE, AKS): Pilothouse mints its tokens with the
 * cloud's own SDK, so no exec plugin and no static token is needed. Errors go under the field they
 * name (`connector.region` → Region), the rest in the form's box, like the token form.
 */
export function ConnectorPanel({ initial, onDone }: { initial: ConnectorValues; onDone: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [values, setValues] = useState<ConnectorValues>(initial);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [errors, setErrors] = useState<ConnectorFieldErrors>({});
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [question, setQuestion] = useState<AddAnywayQuestion | null>(null);
  const [pending, startTransition] = useTransition();
  const cloud = CLOUD_CONNECTOR_NAMES[values.type];

  function clearOutcome() {
    setErrors({});
    setNameError(undefined);
    setFormError(null);
    setQuestion(null);
  }

  function changeValues(next: ConnectorValues) {
    setValues(next);
    setTest({ state: "idle" }); // a test of other values no longer says anything
    clearOutcome();
  }

  /** Under its field, or in the box; never both. Returns whether it was placed under a field. */
  function show(error: FieldError): boolean {
    if (error.code === "CONFLICT" && error.path === "credential") {
      setQuestion({ kind: "duplicate", reasons: [error.message] });
      return true;
    }
    if (error.path === "name") {
      setNameError(fieldMessage(error));
      return true;
    }
    const field = fieldOfPath(values, error.path);
    if (!field) {
      setFormError(error);
      return false;
    }
    setErrors({ [field]: fieldMessage(error) });
    return true;
  }

  /** Required fields, checked here for instant feedback; the server checks everything again. */
  function checkRequired(): boolean {
    const missing = missingFields(values);
    if (missing.length === 0) return true;
    setErrors(Object.fromEntries(missing.map((field) => [field, "is required"])));
    return false;
  }

  async function runTest() {
    clearOutcome();
    if (!checkRequired()) return;
    const outcome = await testConnection({ connector: toConnectorInput(values) }, setTest);
    if (outcome.state === "failed" && fieldOfPath(values, outcome.error.path)) show(outcome.error);
  }

  function submit(event?: FormEvent<HTMLFormElement>, confirmed: Confirmed = {}) {
    event?.preventDefault();
    clearOutcome();
    const nameProblem = validateClusterName(name);
    if (nameProblem) setNameError(nameProblem);
    if (!checkRequired() || nameProblem) return;
    if (test.state === "failed" && !confirmed.failedTest) {
      return setQuestion({ kind: "failed-test", reasons: [describeError(test.error)] });
    }
    startTransition(async () => {
      const input = {
        name: name.trim(),
        connector: toConnectorInput(values),
        ...(confirmed.duplicate && { allowDuplicate: true }),
      };
      const result = await addConnectorClusterAction(input).catch(() => null);
      if (result?.ok) {
        toast({
          tone: "success",
          title: `Cluster "${result.data.name}" added`,
          description: "Checking its health now.",
        });
        router.refresh();
        onDone();
        return;
      }
      show(result && !result.ok ? result.error : UNREACHABLE_SERVER);
    });
  }

  function confirm() {
    if (!question) return;
    submit(undefined, { failedTest: true, duplicate: question.kind === "duplicate" });
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
      <FormError error={formError} />
      <SourceFormFooter
        testIdPrefix="connector"
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
