import { AppError } from "@/lib/errors";
import { log } from "../logger";

/**
 * SDK errors carry request and response bodies (an AssumeRole body names the ExternalId, a
 * token request carries a signed assertion), so they never leave this module: each cloud maps
 * its error to our own words from an error *code* only, checked against a strict pattern.
 */

const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** A code fit to show (InvalidClientTokenId, invalid_grant, AADSTS7000215), or undefined. */
export function safeCode(value: unknown): string | undefined {
  return typeof value === "string" && SAFE_CODE.test(value) ? value : undefined;
}

/** Our own AppError (e.g. a refused endpoint) wrapped somewhere inside an SDK error, if any. */
export function findAppError(error: unknown, depth = 0): AppError | undefined {
  if (error instanceof AppError) return error;
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const inner = error as { cause?: unknown; error?: unknown; originalError?: unknown };
  return (
    findAppError(inner.cause, depth + 1) ??
    findAppError(inner.error, depth + 1) ??
    findAppError(inner.originalError, depth + 1)
  );
}

/** The error to throw when nothing better is known: logged by class name only, shown generically. */
export function unexpectedCloudError(service: string, error: unknown): AppError {
  const name = error instanceof Error ? safeCode(error.name) : undefined;
  log.warn("cloud token request failed unexpectedly", { service, error: name ?? "unknown" });
  return new AppError("CLUSTER_UNREACHABLE", `${service} could not issue a token (unexpected answer)`);
}

export function cloudRejection(message: string): AppError {
  return new AppError("CLUSTER_UNREACHABLE", message);
}
