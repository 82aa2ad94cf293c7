"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button, Dialog, useToast } from "@/components/ui";
import { rotateClusterCredentialAction } from "@/lib/actions/clusters";
import { FormError } from "./form-error";
import { fieldMessage } from "./format";
import { KubeconfigField } from "./kubeconfig-field";
import { SourceTabs, type SourceTab } from "./source-tabs";
import { TestResult, type TestState } from "./test-result";
import { TokenFields, type TokenFormValues } from "./token-fields";
import type { ClusterSummary, FieldError } from "./types";
import { UNREACHABLE_SERVER, useConnectionTest } from "./use-connection-test";
import { useKubeconfigContexts } from "./use-kubeconfig-contexts";

type Source = { kubeconfig: string; context?: string } | TokenFormValues;

const TOKEN_FIELDS = new Set(["server", "certificateAuthority", "token"]);

/** A new kubeconfig or token replaces the stored credential; the old one is destroyed. */
export function RotateCredentialDialog({ cluster, onClose }: { cluster: ClusterSummary; onClose: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const testConnection = useConnectionTest();
  const [tab, setTab] = useState<SourceTab>("kubeconfig");
  const [kubeconfig, setKubeconfig] = useState("");
  const [chosenContext, setChosenContext] = useState<string | null>(null);
  const [token, setToken] = useState<TokenFormValues>({ server: cluster.server, certificateAuthority: "", token: "" });
  const [error, setError] = useState<FieldError | null>(null);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [pending, startTransition] = useTransition();
  const contexts = useKubeconfigContexts(kubeconfig);
  const radioName = useId();

  const usable = contexts.state === "ready" ? contexts.contexts.filter((option) => !option.problems) : [];
  const context =
    usable.find((option) => option.name === chosenContext)?.name ??
    (usable.find((option) => option.current) ?? usable[0])?.name;
  const source: Source | null = tab === "token" ? token : context && kubeconfig.trim() ? { kubeconfig, context } : null;
  const refused = contexts.state === "ready" ? contexts.contexts.find((option) => option.problems) : undefined;
  const tokenField = (path?: string) => path?.replace(/^credential\./, "");
  const onTokenField = tab === "token" && error !== null && TOKEN_FIELDS.has(tokenField(error.path) ?? "");
  const tokenErrors =
    onTokenField && error
      ? { [tokenField(error.path)!]: fieldMessage({ ...error, path: tokenField(error.path) }) }
      : {};
  // Shown once: a token field's error under that field, anything else in the box.
  const shownError =
    (onTokenField ? null : error) ??
    (tab === "kubeconfig" && contexts.state === "invalid" ? contexts.error : null) ??
    (tab === "kubeconfig" && contexts.state === "ready" && usable.length === 0 && refused?.problems
      ? { message: `The context ${refused.name} cannot be used.`, problems: refused.problems }
      : null);

  function switchTab(next: SourceTab) {
    setTab(next);
    setError(null);
    setTest({ state: "idle" });
  }

  function changeKubeconfig(text: string) {
    setKubeconfig(text);
    setChosenContext(null);
    setError(null);
    setTest({ state: "idle" });
  }

  async function runTest() {
    if (!source) return;
    setError(null);
    await testConnection(source, setTest);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!source) return;
    setError(null);
    startTransition(async () => {
      const result = await rotateClusterCredentialAction({ id: cluster.id, credential: source }).catch(() => null);
      if (result?.ok) {
        toast({
          tone: "success",
          title: `Credential of "${cluster.name}" rotated`,
          description: `Now on credential version ${result.data.credentialVersion}; the old one was destroyed.`,
        });
        router.refresh();
        onClose();
        return;
      }
      setError(result?.error ?? UNREACHABLE_SERVER);
    });
  }

  return (
    <Dialog
      open
      // Rendered inside the page (an empty state centres its text): reset the alignment.
      className="text-left"
      onClose={onClose}
      size="lg"
      closeOnBackdrop={false}
      data-testid="rotate-cluster-dialog"
      title={`Rotate the credential of ${cluster.name}`}
      description="The new credential replaces the stored one, which is destroyed. Test it first: a wrong credential makes the cluster unreachable."
    >
      <SourceTabs tab={tab} onTab={switchTab} idPrefix="rotate">
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          {tab === "kubeconfig" ? (
            <>
              <KubeconfigField
                value={kubeconfig}
                onChange={changeKubeconfig}
                onError={setError}
                disabled={pending}
                testId="rotate-kubeconfig-input"
              />
              {usable.length > 1 ? (
                <fieldset className="flex flex-col gap-1.5">
                  <legend className="mb-1 text-sm font-medium text-text">Context to use</legend>
                  {usable.map((option) => (
                    <label key={option.name} className="flex items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name={radioName}
                        value={option.name}
                        checked={context === option.name}
                        onChange={() => setChosenContext(option.name)}
                        disabled={pending}
                      />
                      <span className="font-mono break-all">{option.name}</span>
                      {option.server ? (
                        <span className="font-mono text-xs break-all text-text-muted">{option.server}</span>
                      ) : null}
                    </label>
                  ))}
                </fieldset>
              ) : context ? (
                <p className="text-xs text-text-muted">
                  Using context <span className="font-mono">{context}</span>
                </p>
              ) : null}
            </>
          ) : (
            <TokenFields
              values={token}
              onChange={setToken}
              errors={tokenErrors}
              disabled={pending}
              testIdPrefix="rotate-token"
            />
          )}
          <FormError error={shownError} />
          <TestResult test={test} testId="rotate-test-result" />
          <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-3">
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="secondary"
              data-testid="rotate-test"
              onClick={runTest}
              disabled={!source || pending}
              loading={test.state === "running"}
            >
              Test connection
            </Button>
            <Button type="submit" data-testid="rotate-submit" loading={pending} disabled={!source}>
              Rotate credential
            </Button>
          </div>
        </form>
      </SourceTabs>
    </Dialog>
  );
}
