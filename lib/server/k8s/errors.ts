import { AppError } from "@/lib/errors";
import type { JsonResponse } from "./http-guard";

/** Map a Kubernetes Status to our error codes, keeping only its human message (never headers or bodies). */
export function kubernetesError(response: Pick<JsonResponse<unknown>, "status" | "body">): AppError {
  const message = (response.body as { message?: unknown } | null)?.message;
  const text = typeof message === "string" ? message.slice(0, 300) : `the cluster answered HTTP ${response.status}`;
  switch (response.status) {
    case 401:
      return new AppError("CLUSTER_UNREACHABLE", `The cluster rejected the credential: ${text}`);
    case 403:
      return new AppError("FORBIDDEN", `The cluster refused: ${text}`);
    case 404:
      return new AppError("NOT_FOUND", text);
    case 409:
      return new AppError("CONFLICT", text);
    case 422:
    case 400:
      return new AppError("INVALID_INPUT", text);
    default:
      return new AppError("CLUSTER_UNREACHABLE", `The cluster failed: ${text}`);
  }
}
