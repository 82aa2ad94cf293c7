import { z } from "zod";

export const clusterNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._ -]*$/, "may use letters, digits, spaces, dots, dashes and underscores");

/** Either a pasted kubeconfig (and the context to use) or the three fields of the token form. */
export const clusterSourceSchema = z.union([
  z.object({ kubeconfig: z.string().min(1, "is required"), context: z.string().min(1).optional() }),
  z.object({
    server: z.string().trim().min(1, "is required"),
    certificateAuthority: z.string().trim().optional(),
    token: z.string().trim().min(1, "is required").max(16_384, "is too long"),
  }),
]);
export type ClusterSource = z.infer<typeof clusterSourceSchema>;

export const addClusterSchema = z.intersection(
  z.object({
    name: clusterNameSchema,
    /** Register even when this org already has the same server with the same credential. */
    allowDuplicate: z.boolean().optional(),
  }),
  clusterSourceSchema,
);
export type AddClusterInput = z.infer<typeof addClusterSchema>;

export const updateClusterSchema = z
  .object({
    name: clusterNameSchema.optional(),
    impersonate: z.boolean().optional(),
    /** A new credential (and endpoint) from a kubeconfig or the token form: a rotation. */
    credential: clusterSourceSchema.optional(),
  })
  .refine((value) => value.name !== undefined || value.impersonate !== undefined || value.credential !== undefined, {
    message: "name, impersonate or credential is required",
    path: ["name"],
  });
export type UpdateClusterInput = z.infer<typeof updateClusterSchema>;
