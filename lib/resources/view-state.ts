/**
 * A saved view's state ↔ the list page's URL state (docs/resource-views.md, Saved and shared
 * views). Isomorphic and pure.
 */
import type { ViewState } from "@/lib/validations/views";
import type { ListViewState } from "./list-view";

/** What a saved view opens as: its list state, plus its clusters when it merges several. */
export function listStateOfView(view: { clusterIds: readonly string[]; state: ViewState }): ListViewState {
  return {
    namespaces: [...view.state.namespaces],
    filter: view.state.filter,
    labelSelector: view.state.labelSelector,
    columns: [...view.state.columns],
    ...(view.state.sort && { sort: view.state.sort }),
    clusterIds: view.clusterIds.length > 1 ? [...view.clusterIds] : [],
  };
}

/** The list's current state as a saved view stores it. */
export function viewStateOf(view: ListViewState): ViewState {
  return {
    namespaces: view.namespaces,
    filter: view.filter,
    labelSelector: view.labelSelector,
    columns: view.columns,
    sort: view.sort ?? null,
  };
}

/** The link a teammate opens: the view itself, which re-checks who may see it. */
export function viewHref(viewId: string): string {
  return `/views/${viewId}`;
}
