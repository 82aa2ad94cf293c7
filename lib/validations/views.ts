import { z } from "zod";
import { MAX_VIEW_CLUSTERS, MAX_VIEW_NAMESPACES } from "@/lib/realtime/contract";

export const VIEW_NAME_MAX_LENGTH = 80;
/** Columns a view may pick; more than any kind has. */
export const MAX_VIEW_COLUMNS = 40;
export const VIEW_VISIBILITIES = ["private", "org"] as const;
export type ViewVisibility = (typeof VIEW_VISIBILITIES)[number];

const namespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a namespace name");
const columnId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a column id");

/** What a view shows besides its clusters and kind: the list page's URL state, plus its columns. */
export const viewStateSchema = z.object({
  namespaces: z.array(namespaceName).max(MAX_VIEW_NAMESPACES, `must list at most ${MAX_VIEW_NAMESPACES}`).default([]),
  filter: z.string().max(256, "must be at most 256 characters").default(""),
  labelSelector: z.string().max(1024, "must be at most 1024 characters").default(""),
  /** Column ids in display order; empty: the kind's default columns. */
  columns: z.array(columnId).max(MAX_VIEW_COLUMNS, `must list at most ${MAX_VIEW_COLUMNS}`).default([]),
  sort: z
    .object({ column: columnId, direction: z.enum(["asc", "desc"]) })
    .nullable()
    .default(null),
});
export type ViewState = z.infer<typeof viewStateSchema>;

const viewName = z
  .string("is required")
  .trim()
  .min(1, "is required")
  .max(VIEW_NAME_MAX_LENGTH, `must be at most ${VIEW_NAME_MAX_LENGTH} characters`);

export const createViewSchema = z.object({
  name: viewName,
  visibility: z.enum(VIEW_VISIBILITIES, "must be private or org").default("private"),
  clusterIds: z
    .array(z.uuid("must be cluster ids"), "must be a list of cluster ids")
    .min(1, "must name at least one cluster")
    .max(MAX_VIEW_CLUSTERS, `must list at most ${MAX_VIEW_CLUSTERS}`),
  resource: z
    .string("is required")
    .regex(
      /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
      "must be a resource as kubectl spells it (pods, deployments.apps)",
    ),
  state: viewStateSchema.default(viewStateSchema.parse({})),
});
export type CreateViewInput = z.infer<typeof createViewSchema>;

/** Any subset of a view's fields; its clusters and kind stay (a different list is a new view). */
export const updateViewSchema = z
  .object({
    name: viewName.optional(),
    visibility: z.enum(VIEW_VISIBILITIES, "must be private or org").optional(),
    state: viewStateSchema.optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: "give name, visibility or state",
    path: ["name"],
  });
export type UpdateViewInput = z.infer<typeof updateViewSchema>;

export const viewIdSchema = z.object({ id: z.uuid("must be a view id") });
export const updateViewActionSchema = z.object({ id: z.uuid("must be a view id"), changes: updateViewSchema });
