import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/**
 * For pages: a NOT_FOUND AppError (a missing cluster, another org's cluster, a resource the
 * cluster does not serve) becomes the 404 page; anything else is thrown on.
 */
export function notFoundOn404(error: unknown): never {
  if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
  throw error;
}
