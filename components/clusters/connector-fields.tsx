"use client";

import { Input } from "@/components/ui";
import type { AksValues, ConnectorField, ConnectorValues, EksValues, GkeValues } from "./connector-form";
import { EksTrustPolicy } from "./eks-trust-policy";
import { MethodChoice } from "./method-choice";
import { TextArea } from "./text-area";

export type ConnectorFieldErrors = Partial<Record<ConnectorField, string>>;

type FieldsProps<V extends ConnectorValues> = {
  values: V;
  onChange: (values: V) => void;
  errors: ConnectorFieldErrors;
  disabled?: boolean;
};

/** The fields of one cloud's connector, labelled with the names its console and CLI use. */
export function ConnectorFields(props: FieldsProps<ConnectorValues>) {
  const { values } = props;
  if (values.type === "eks") return <EksFields {...(props as FieldsProps<EksValues>)} />;
  if (values.type === "gke") return <GkeFields {...(props as FieldsProps<GkeValues>)} />;
  return <AksFields {...(props as FieldsProps<AksValues>)} />;
}

/** `connector-<field>` test ids, one helper so every field is wired the same way. */
function useField<V extends ConnectorValues>({ values, onChange, errors, disabled }: FieldsProps<V>) {
  return (field: ConnectorField & keyof V) => ({
    "data-testid": `connector-${field}`,
    value: values[field] as string,
    onChange: (event: { target: { value: string } }) => onChange({ ...values, [field]: event.target.value }),
    error: errors[field],
    disabled,
    autoComplete: "off",
    spellCheck: false,
  });
}

function EndpointFields<V extends ConnectorValues>(
  props: FieldsProps<V> & { serverLabel: string; optionalNote?: string },
) {
  const field = useField(props);
  return (
    <>
      <Input
        label={props.serverLabel}
        placeholder="https://…"
        inputMode="url"
        required={!props.optionalNote}
        hint={props.optionalNote}
        {...field("server" as ConnectorField & keyof V)}
      />
      <TextArea
        label="Certificate authority (PEM or base64)"
        placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
        rows={3}
        className="min-h-20"
        hint="Leave empty when the server's certificate is signed by a public authority."
        {...field("certificateAuthority" as ConnectorField & keyof V)}
      />
    </>
  );
}

function EksFields(props: FieldsProps<EksValues>) {
  const { values, onChange, disabled } = props;
  const field = useField(props);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Input label="EKS cluster name" placeholder="prod" required {...field("clusterName")} />
        <Input label="Region" placeholder="eu-west-1" required {...field("region")} />
      </div>
      <EndpointFields
        {...props}
        serverLabel="API server endpoint"
        optionalNote="Leave both empty to look them up with eks:DescribeCluster (when the identity may)."
      />
      <MethodChoice
        legend="Sign in with"
        testId="connector-method"
        value={values.method}
        disabled={disabled}
        onChange={(method) => onChange({ ...values, method })}
        options={[
          { value: "accessKey", label: "IAM access key", hint: "An access key pair, optionally assuming a role." },
          {
            value: "assumeRole",
            label: "AssumeRole with ExternalId",
            hint: "Pilothouse assumes your role; no key stored.",
          },
        ]}
      />
      {values.method === "accessKey" ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Input label="Access key ID" placeholder="AKIA…" required {...field("accessKeyId")} />
            <Input
              label="Secret access key"
              type="password"
              required
              hint="Stored encrypted; never shown again."
              {...field("secretAccessKey")}
            />
          </div>
          <Input
            label="Session token (optional)"
            type="password"
            hint="Only for temporary credentials (ASIA…)."
            {...field("sessionToken")}
          />
          <Input
            label="Role ARN to assume (optional)"
            placeholder="arn:aws:iam::123456789012:role/pilothouse-viewer"
            {...field("roleArn")}
          />
        </>
      ) : (
        <>
          <Input
            label="Role ARN"
            placeholder="arn:aws:iam::123456789012:role/pilothouse-viewer"
            required
            {...field("roleArn")}
          />
          <EksTrustPolicy />
        </>
      )}
    </>
  );
}

function GkeFields(props: FieldsProps<GkeValues>) {
  const field = useField(props);
  return (
    <>
      <EndpointFields {...props} serverLabel="Cluster endpoint" />
      <TextArea
        label="Service account key (JSON)"
        placeholder={'{ "type": "service_account", "client_email": "…", "private_key": "…" }'}
        rows={5}
        required
        hint="The key file from IAM → Service accounts → Keys. Stored encrypted; never shown again."
        {...field("key")}
      />
    </>
  );
}

function AksFields(props: FieldsProps<AksValues>) {
  const { values, onChange, disabled } = props;
  const field = useField(props);
  return (
    <>
      <EndpointFields {...props} serverLabel="API server address" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Input label="Directory (tenant) ID" required {...field("tenantId")} />
        <Input label="Application (client) ID" required {...field("clientId")} />
      </div>
      <Input
        label="Server application ID (optional)"
        hint="Only for clusters on the legacy Entra integration (kubelogin --server-id)."
        {...field("serverId")}
      />
      <MethodChoice
        legend="Sign in with"
        testId="connector-method"
        value={values.method}
        disabled={disabled}
        onChange={(method) => onChange({ ...values, method })}
        options={[
          { value: "clientSecret", label: "Client secret", hint: "A secret of the app registration." },
          { value: "clientCertificate", label: "Certificate", hint: "PEM with the certificate and its private key." },
        ]}
      />
      {values.method === "clientSecret" ? (
        <Input
          label="Client secret"
          type="password"
          required
          hint="Stored encrypted; never shown again."
          {...field("clientSecret")}
        />
      ) : (
        <TextArea
          label="Certificate and private key (PEM)"
          rows={5}
          required
          hint="The private key is stored encrypted; never shown again."
          {...field("certificate")}
        />
      )}
    </>
  );
}
