import type { FieldError, InputProblem } from "./types";

/**
 * Where an add-cluster error is shown: under the field it is about, once. Paths inside a
 * kubeconfig (`users[0].user.exec`, `clusters[1].cluster.server`) belong to the kubeconfig field;
 * `credential` is the "already registered" question; anything else is about the whole form.
 */
export type ErrorPlace = "name" | "server" | "certificateAuthority" | "token" | "kubeconfig" | "duplicate" | "form";

const TOKEN_FORM_FIELDS = new Set(["name", "server", "certificateAuthority", "token"]);
const KUBECONFIG_PATH =
  /^(kubeconfig|contexts|current-context|clusters|users|apiVersion|kind|preferences|extensions)\b/;

export function placeError(error: FieldError): ErrorPlace {
  const path = error.path?.replace(/^credential\./, "") ?? "";
  if (error.code === "CONFLICT" && error.path === "credential") return "duplicate";
  if (TOKEN_FORM_FIELDS.has(path)) return path as ErrorPlace;
  if (KUBECONFIG_PATH.test(path)) return "kubeconfig";
  return "form";
}

/** Every problem of an error: the server's list when it sent one, else the error itself. */
export function problemsOf(error: FieldError): readonly InputProblem[] {
  if (error.problems && error.problems.length > 0) return error.problems;
  return [{ path: error.path ?? "", message: error.message }];
}
