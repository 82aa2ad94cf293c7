/**
 * Create from YAML (docs/operations.md, "Create"): the starting manifest for a kind, and keeping
 * the namespace picker and `metadata.namespace` in the YAML the same. Isomorphic and pure: the
 * dialog uses it as the user types, the server checks the same rule before anything is sent.
 */
import { isMap, parseDocument } from "yaml";

export type CreatableKind = {
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
};

/** The apiVersion a manifest of this kind carries: `v1`, `apps/v1`, `stable.example.com/v1`. */
export function apiVersionOf(kind: Pick<CreatableKind, "group" | "version">): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** What each built-in kind needs besides its name to be accepted; other kinds start with metadata only. */
const BODIES: Record<string, string> = {
  ConfigMap: "data:\n  key: value\n",
  Service: "spec:\n  selector:\n    app: example\n  ports:\n    - port: 80\n      targetPort: 8080\n",
  Deployment: workload("replicas: 1\n  "),
  StatefulSet: workload("serviceName: example\n  replicas: 1\n  "),
  DaemonSet: workload(""),
  ServiceAccount: "",
  Namespace: "",
};

function workload(extra: string): string {
  return [
    "spec:",
    `  ${extra}selector:`,
    "    matchLabels:",
    "      app: example",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app: example",
    "    spec:",
    "      containers:",
    "        - name: main",
    "          image: nginx:1.20.2",
    "",
  ].join("\n");
}

/** A small manifest to start from: apiVersion, kind, metadata.name (and namespace), a body when the kind needs one. */
export function templateFor(kind: CreatableKind, namespace?: string): string {
  const lines = [
    `apiVersion: ${apiVersionOf(kind)}`,
    `kind: ${kind.kind}`,
    "metadata:",
    `  name: example`,
    ...(kind.namespaced && namespace ? [`  namespace: ${namespace}`] : []),
  ];
  return `${lines.join("\n")}\n${BODIES[kind.kind] ?? ""}`;
}

/** What the manifest names, when it parses as one mapping; never throws. */
export function manifestNames(text: string): { name?: string; namespace?: string } | null {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents)) return null;
  const read = (key: string) => {
    const value = document.getIn(["metadata", key]);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const name = read("name");
  const namespace = read("namespace");
  return { ...(name && { name }), ...(namespace && { namespace }) };
}

/**
 * The manifest with `metadata.namespace` set to the picked namespace (the picker leads): the rest
 * of the text, comments included, stays as typed. Text that does not parse is returned as it is.
 */
export function withNamespace(text: string, namespace: string): string {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents)) return text;
  document.setIn(["metadata", "namespace"], namespace);
  return document.toString({ lineWidth: 0 });
}

/**
 * The namespace the object is created in, or the problem naming the field: the picker and
 * `metadata.namespace` must agree when both are given; one of them is needed for a namespaced kind.
 */
export function createNamespace(
  namespaced: boolean,
  picked: string | undefined,
  inManifest: string | undefined,
): { namespace?: string } | { problem: { path: string; message: string } } {
  if (!namespaced) return {};
  if (picked && inManifest && picked !== inManifest) {
    return {
      problem: {
        path: "metadata.namespace",
        message: `metadata.namespace: the YAML says ${inManifest} but the namespace picked is ${picked}`,
      },
    };
  }
  const namespace = picked ?? inManifest;
  if (!namespace) return { problem: { path: "namespace", message: "namespace: pick the namespace to create it in" } };
  return { namespace };
}

/**
 * The namespace a Create dialog starts on: the first namespace the list is filtered to where the
 * identity may create (a list of one namespace starts there), else the first where it may.
 */
export function startingNamespace(allowed: readonly string[], listed: readonly string[]): string | undefined {
  return listed.find((namespace) => allowed.includes(namespace)) ?? allowed[0];
}
