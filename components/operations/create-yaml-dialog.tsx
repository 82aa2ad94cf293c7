"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { stringify } from "yaml";
import { Dialog, Spinner } from "@/components/ui";
import { createYamlAction } from "@/lib/actions/operations";
import { createNamespace, manifestNames, templateFor, withNamespace } from "@/lib/operations/create-template";
import type { YamlResult } from "@/lib/operations/types";
import { objectHref } from "@/lib/resources/links";
import type { CreateTarget } from "./create-action";
import { NamespaceSelect } from "./namespace-select";
import { PreviewFooter } from "./operation-footer";
import { useRunOperation } from "./use-run-operation";

const YamlEditor = dynamic(() => import("./yaml-editor").then((module) => module.YamlEditor), {
  ssr: false,
  loading: () => <Spinner />,
});

/**
 * Create any kind from YAML: a small template for the kind, the namespace picker (kept equal to
 * `metadata.namespace` — the picker rewrites it, a different value typed is an error naming the
 * field), a server-side dry run shown before the create, then the new object's page.
 */
export function CreateYamlDialog({
  target,
  namespaces,
  namespace: initial,
  onClose,
}: {
  target: CreateTarget;
  namespaces: readonly string[];
  namespace?: string;
  onClose: () => void;
}) {
  const first = initial && namespaces.includes(initial) ? initial : namespaces[0];
  const [namespace, setNamespace] = useState(first);
  const [text, setText] = useState(() => templateFor(target, first));
  const [preview, setPreview] = useState<YamlResult | null>(null);
  const [problem, setProblem] = useState<string>();
  const { pending, run } = useRunOperation();
  const router = useRouter();
  const names = manifestNames(text);
  const placed = createNamespace(target.namespaced, namespace, names?.namespace);
  const mismatch = "problem" in placed ? placed.problem.message : undefined;

  function submit(dryRun: boolean) {
    const where = {
      clusterId: target.clusterId,
      resource: target.resource,
      ...(target.namespaced && namespace && { namespace }),
    };
    run(
      () => createYamlAction({ where, change: { yaml: text }, dryRun }),
      { ...(!dryRun && { success: `Created ${names?.name ?? target.kind}` }), failure: `Could not create` },
      {
        onDone: (result) => {
          setProblem(undefined);
          if (dryRun) return setPreview(result);
          onClose();
          const metadata = result.object.metadata as { name?: string; namespace?: string } | undefined;
          router.push(
            objectHref({
              clusterId: target.clusterId,
              resource: target.resource,
              namespace: metadata?.namespace,
              name: metadata?.name ?? names?.name ?? "",
            }),
          );
        },
        onError: (error) => setProblem(error.message),
      },
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Create a ${target.kind}`}
      description="Preview it first: the cluster checks it without storing anything."
      data-testid="create-dialog"
      footer={
        <PreviewFooter
          onCancel={onClose}
          onPreview={() => submit(true)}
          onConfirm={() => submit(false)}
          pending={pending}
          previewed={preview !== null}
          ready={mismatch === undefined}
          testIds={{ preview: "create-dry-run", confirm: "create-submit" }}
        />
      }
    >
      <div className="flex flex-col gap-3">
        {target.namespaced ? (
          <NamespaceSelect
            namespaces={namespaces}
            value={namespace}
            onChange={(next) => {
              setNamespace(next);
              setText(withNamespace(text, next));
              setPreview(null);
            }}
          />
        ) : null}
        <YamlEditor
          value={text}
          height="min(40dvh, 24rem)"
          label={`New ${target.kind} YAML`}
          onChange={(value) => {
            setText(value);
            setPreview(null);
          }}
        />
        {mismatch || problem ? (
          <p role="alert" className="text-sm text-danger" data-testid="create-error">
            {mismatch ?? problem}
          </p>
        ) : null}
        {preview ? (
          <div className="flex flex-col gap-1" data-testid="create-preview">
            <h3 className="text-sm font-semibold">Dry run: the cluster would store</h3>
            <pre className="max-h-48 overflow-auto rounded-md bg-surface-sunken p-2 font-mono text-xs">
              {stringify(preview.object, { lineWidth: 0 })}
            </pre>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
