import { z } from "zod";

/** One object on one cluster, as the operations' server actions take it (`deployments.apps`, `shop`, `web`). */
export const objectTarget = z.object({
  clusterId: z.string().uuid(),
  resource: z.string().min(1).max(253),
  namespace: z.string().min(1).max(63).optional(),
  name: z.string().min(1).max(253),
});

/** Where a new object goes: its kind on one cluster, and the namespace picked (namespaced kinds). */
export const createPlace = z.object({
  clusterId: z.string().uuid(),
  resource: z.string().min(1).max(253),
  namespace: z.string().min(1).max(63).optional(),
});
