import { z } from "zod";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

/** The query of `GET /api/v1/clusters/:id/pods/:namespace/:name/log`, as kubectl spells its flags. */
export const logQuerySchema = z.object({
  container: z.string().min(1).max(63).optional(),
  tailLines: z.coerce.number().int().min(0).max(100_000).optional(),
  sinceSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .optional(),
  previous: flag.optional(),
  timestamps: flag.optional(),
  follow: flag.optional(),
});
export type LogQuery = z.infer<typeof logQuerySchema>;

const kinds = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, "must be a kind such as Pod or Deployment");

/** The query of `GET /api/v1/clusters/:id/events` (event history). */
export const eventQuerySchema = z.object({
  namespace: z.string().min(1).max(63).optional(),
  kind: kinds.optional(),
  name: z.string().min(1).max(253).optional(),
  since: z.iso.datetime({ offset: true, error: "must be an ISO time such as 2026-12-01T18:00:00Z" }).optional(),
  type: z.enum(["Normal", "Warning"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type EventQuery = z.infer<typeof eventQuerySchema>;
