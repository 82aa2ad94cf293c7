"use client";

import { Input } from "@/components/ui";
import { TextArea } from "./text-area";

export type TokenFormValues = { server: string; certificateAuthority: string; token: string };

export const EMPTY_TOKEN_FORM: TokenFormValues = { server: "", certificateAuthority: "", token: "" };

/** Server URL + CA + bearer token, for clusters without a kubeconfig at hand. */
export function TokenFields({
  values,
  onChange,
  errors,
  disabled,
  testIdPrefix = "token",
}: {
  values: TokenFormValues;
  onChange: (values: TokenFormValues) => void;
  errors: Partial<Record<keyof TokenFormValues, string>>;
  disabled?: boolean;
  testIdPrefix?: string;
}) {
  const set = (field: keyof TokenFormValues) => (value: string) => onChange({ ...values, [field]: value });
  return (
    <>
      <Input
        label="Server URL"
        data-testid={`${testIdPrefix}-server`}
        placeholder="https://k8s.example.com:6443"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        value={values.server}
        onChange={(event) => set("server")(event.target.value)}
        error={errors.server}
        disabled={disabled}
      />
      <TextArea
        label="Certificate authority (PEM)"
        data-testid={`${testIdPrefix}-ca`}
        placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
        rows={4}
        className="min-h-24"
        value={values.certificateAuthority}
        onChange={(event) => set("certificateAuthority")(event.target.value)}
        error={errors.certificateAuthority}
        hint="Leave empty when the server's certificate is signed by a public authority."
        disabled={disabled}
      />
      <Input
        label="Bearer token"
        type="password"
        data-testid={`${testIdPrefix}-token`}
        autoComplete="off"
        spellCheck={false}
        required
        value={values.token}
        onChange={(event) => set("token")(event.target.value)}
        error={errors.token}
        hint="Stored encrypted on the server; never shown again."
        disabled={disabled}
      />
    </>
  );
}
