import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** A request's query string through a schema; the first problem is 422 naming the parameter. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".") || "query";
  throw new AppError("INVALID_INPUT", `${path}: ${issue?.message ?? "invalid"}`, path);
}
