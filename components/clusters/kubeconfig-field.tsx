"use client";

import { useId, useRef, type ChangeEvent } from "react";
import { Button } from "@/components/ui";
import type { CloudConnectorSuggestion } from "@/lib/wire/cloud-connectors";
import { byteLength, KUBECONFIG_MAX_BYTES } from "./format";
import { ProblemList } from "./problem-list";
import { TextArea } from "./text-area";
import type { FieldError } from "./types";

export type KubeconfigFieldProps = {
  value: string;
  onChange: (text: string) => void;
  onError: (error: FieldError) => void;
  /** What is wrong with the kubeconfig: every problem, listed under the field. */
  error?: FieldError | null;
  disabled?: boolean;
  testId?: string;
  onUseConnector?: (suggestion: CloudConnectorSuggestion) => void;
};

/**
 * Paste or upload. An uploaded file is read here, in the browser, as text: it goes nowhere but
 * into this field, and from there only to our own server action.
 */
export function KubeconfigField({
  value,
  onChange,
  onError,
  error,
  disabled,
  testId = "kubeconfig-input",
  onUseConnector,
}: KubeconfigFieldProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ""; // choosing the same file again should read it again
    if (!file) return;
    if (file.size > KUBECONFIG_MAX_BYTES) {
      onError({ path: "kubeconfig", message: `the kubeconfig is larger than ${KUBECONFIG_MAX_BYTES / 1024} KiB` });
      return;
    }
    try {
      onChange(await file.text());
    } catch {
      onError({ path: "kubeconfig", message: "the file could not be read" });
    }
  }

  const tooLarge = byteLength(value) > KUBECONFIG_MAX_BYTES;
  const shown: FieldError | null | undefined = tooLarge
    ? { path: "kubeconfig", message: `is larger than ${KUBECONFIG_MAX_BYTES / 1024} KiB` }
    : error;
  return (
    <div className="flex flex-col gap-2">
      <TextArea
        label="Kubeconfig"
        data-testid={testId}
        placeholder={"apiVersion: v1\nkind: Config\nclusters: …"}
        rows={8}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        invalid={Boolean(shown)}
        aria-errormessage={shown ? `${testId}-problems` : undefined}
        hint="Only static credentials work: tokens and client certificates. exec plugins, token files and auth providers are refused."
      />
      {shown ? <ProblemList error={shown} testId={`${testId}-problems`} onUseConnector={onUseConnector} /> : null}
      <div className="flex items-center gap-2">
        <input
          ref={fileRef}
          id={fileId}
          type="file"
          accept=".yaml,.yml,.conf,.config,.kubeconfig,text/plain,application/yaml"
          className="sr-only"
          tabIndex={-1}
          data-testid={`${testId}-file`}
          onChange={readFile}
          disabled={disabled}
        />
        <Button variant="secondary" size="sm" onClick={() => fileRef.current?.click()} disabled={disabled}>
          Upload a file…
        </Button>
        <span className="text-xs text-text-muted">Up to {KUBECONFIG_MAX_BYTES / 1024} KiB. Read in your browser.</span>
      </div>
    </div>
  );
}
