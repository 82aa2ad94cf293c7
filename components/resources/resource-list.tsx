"use client";

import { createColumnHelper, rowSortingFeature, tableFeatures, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { parseAsString, useQueryStates } from "nuqs";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { BulkScaleDialog, MAX_BULK, SCALABLE_KINDS, type SelectedObject } from "@/components/operations/bulk-scale";
import { Badge, Button, EmptyState, Spinner } from "@/components/ui";
import { cn } from "@/lib/cn";
import { getBrowserSocket } from "@/lib/realtime/browser-socket";
import { type FirstWindow, listOptionsOf } from "@/lib/realtime/list-request";
import { isAwaitingAnswer, type LiveListState, type LiveRow } from "@/lib/realtime/live-list";
import { objectHref } from "@/lib/resources/links";
import { useResourceList } from "@/lib/realtime/use-resource-list";
import {
  cellOf,
  formatAge,
  isAlarming,
  listViewParams,
  nextSort,
  parseListView,
  visibleColumns,
  windowFor,
  type ListColumn,
  type ListViewState,
} from "@/lib/resources/list-view";
import { ClusterPicker, type ClusterChoice } from "./cluster-picker";
import { ColumnPicker } from "./column-picker";
import { LiveIndicator } from "./live-indicator";
import { NamespacePicker } from "./namespace-picker";
import { DOT_TONES, StatusChip, TONES } from "./status-chip";
import { useNow } from "./use-now";

export type ResourceListProps = {
  clusterId: string;
  resource: { name: string; kind: string; namespaced: boolean; columns: ListColumn[] };
  /** The plural title: "Deployments". */
  title: string;
  /** The org's clusters: the cross-cluster picker's choices and the cluster column's names. */
  clusterChoices?: readonly ClusterChoice[];
  /** Beside the filter: "Save view", "Copy link". */
  actions?: ReactNode;
  /** The first rows, rendered by the server from the watch hub's cache (docs/resource-views.md, "The first screen"). */
  first?: FirstWindow;
};

const ROW_HEIGHT = 41;
/** The table's height before it is measured (server render, hydration): a laptop screenful. */
const INITIAL_TABLE_HEIGHT = 16 * ROW_HEIGHT;
const FILTER_DELAY_MS = 250;
export const LIST_URL_STATE = {
  ns: parseAsString,
  q: parseAsString,
  sort: parseAsString,
  l: parseAsString,
  cols: parseAsString,
  clusters: parseAsString,
};
/** The cluster column of a cross-cluster list: not a kind column, so the server cannot sort by it. */
const CLUSTER_COLUMN: ListColumn = { id: "@cluster", title: "Cluster", type: "text" };
const features = tableFeatures({ rowSortingFeature });

// Open the page's socket as soon as this code is loaded, not after hydration and effects: its
// handshake then overlaps hydration, and the list subscribes the moment its effect runs.
if (typeof window !== "undefined") getBrowserSocket();
const columnHelper = createColumnHelper<typeof features, LiveRow>();

/**
 * Every kind's live list: a virtualized table whose rows the server filters, sorts and windows
 * (docs/realtime.md, "Windows"); the window follows the scroll. Namespaces, filter and sort live
 * in the URL, so a copied link opens the same live view.
 */
export function ResourceList({ clusterId, resource, title, clusterChoices = [], actions, first }: ResourceListProps) {
  const [params, setParams] = useQueryStates(LIST_URL_STATE, { history: "replace" });
  const view = parseListView(params, resource.columns);
  const [firstVisible, setFirstVisible] = useState(0);
  const window = windowFor(firstVisible);
  const selectedClusters = view.clusterIds.length > 0 ? view.clusterIds : [clusterId];
  const crossCluster = selectedClusters.length > 1 || selectedClusters[0] !== clusterId;
  const clusterNames = useMemo(
    () => new Map(clusterChoices.map((choice) => [choice.id, choice.name])),
    [clusterChoices],
  );
  const shownColumns = useMemo(
    () => [...(crossCluster ? [CLUSTER_COLUMN] : []), ...visibleColumns(resource.columns, view.columns)],
    [crossCluster, resource.columns, view.columns],
  );
  const list = useResourceList(listOptionsOf(clusterId, resource, view, window), first);
  const shown = useSteadyWindow(list, window.offset);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer's methods change on every scroll by design; this component is not memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows from the server's first window render in the HTML, before the table can be measured.
    initialRect: { width: 0, height: INITIAL_TABLE_HEIGHT },
    overscan: 12,
    onChange: (instance) => setFirstVisible(instance.range?.startIndex ?? 0),
  });
  const now = useNow(undefined, first?.renderedAt);
  const columns = useMemo(
    () => tableColumns(shownColumns, now, clusterNames, { clusterId, resource: resource.name }),
    [shownColumns, now, clusterNames, clusterId, resource.name],
  );
  const table = useTable({ features, columns, data: shown.rows as LiveRow[], manualSorting: true });
  // Bulk scale acts in the page's cluster; a cross-cluster list has no single cluster to act in.
  const selectable = SCALABLE_KINDS.includes(resource.kind) && !crossCluster;
  const [selected, setSelected] = useState<Map<string, SelectedObject>>(new Map());
  const [bulkOpen, setBulkOpen] = useState(false);
  const toggle = (row: LiveRow) => {
    const next = new Map(selected);
    if (next.has(row.uid)) next.delete(row.uid);
    else if (next.size < MAX_BULK)
      next.set(row.uid, { ...(row.namespace && { namespace: row.namespace }), name: row.name });
    setSelected(next);
  };

  const update = (next: Partial<ListViewState>) => {
    const merged = { ...view, ...next };
    scrollRef.current?.scrollTo({ top: 0 });
    void setParams(listViewParams(merged));
  };

  const loading = !shown.answered && !list.error;
  const refused = list.error ?? refusalOf(list);
  const items = virtualizer.getVirtualItems();
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <section aria-label={title} className="flex min-w-0 flex-col gap-3" data-testid="resource-list">
      <div className="relative flex flex-wrap items-center gap-2" data-testid="resource-toolbar">
        <FilterInput value={view.filter} onChange={(filter) => update({ filter })} kind={title} />
        {resource.namespaced ? (
          <NamespacePicker
            clusterId={clusterId}
            selected={view.namespaces}
            onChange={(namespaces) => update({ namespaces })}
          />
        ) : null}
        {selectable && selected.size > 0 ? (
          <Button size="sm" onClick={() => setBulkOpen(true)} data-testid="bulk-scale">
            Scale {selected.size} selected
          </Button>
        ) : null}
        {bulkOpen ? (
          <BulkScaleDialog
            clusterId={clusterId}
            resource={resource.name}
            selected={[...selected.values()]}
            onClose={() => {
              setBulkOpen(false);
              setSelected(new Map());
            }}
          />
        ) : null}
        <ToolbarMore>
          {clusterChoices.length > 1 ? (
            <ClusterPicker
              choices={clusterChoices}
              selected={selectedClusters}
              onChange={(clusterIds) => update({ clusterIds: sameAsPage(clusterIds, clusterId) ? [] : clusterIds })}
            />
          ) : null}
          <ColumnPicker
            columns={resource.columns}
            picked={view.columns}
            onChange={(picked) => update({ columns: picked })}
          />
          {actions}
        </ToolbarMore>
        {refused ? null : (
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-text-muted" data-testid="resource-total">
              {loading ? "…" : `${shown.total} ${shown.total === 1 ? "item" : "items"}`}
            </span>
            <LiveIndicator list={list} />
          </div>
        )}
      </div>

      {refused ? (
        <RefusedState code={refused.code} message={refused.message} title={title} />
      ) : loading ? (
        <div
          aria-busy="true"
          className="flex h-40 items-center justify-center gap-2 rounded-lg border border-border bg-surface-raised text-sm text-text-muted"
          data-testid="resource-loading"
        >
          <Spinner /> Listing {title.toLowerCase()}…
        </div>
      ) : shown.total === 0 ? (
        <EmptyState data-testid="resource-empty" title={emptyTitle(title, view)} description={emptyHint(view)} />
      ) : (
        <div
          ref={scrollRef}
          className="relative h-[calc(100dvh-15rem)] min-h-72 overflow-auto rounded-lg border border-border bg-surface-raised"
          data-testid="resource-scroll"
        >
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="sticky top-0 z-10 border-b border-border bg-surface-sunken">
              <tr>
                {selectable ? (
                  <th scope="col" className="w-8 px-3">
                    <span className="sr-only">Select</span>
                  </th>
                ) : null}
                {headers.map((header) => {
                  const column = shownColumns.find((candidate) => candidate.id === header.column.id)!;
                  const direction = view.sort?.column === column.id ? view.sort.direction : null;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={direction ? (direction === "asc" ? "ascending" : "descending") : undefined}
                      className={cn(
                        "h-9 px-3 text-xs font-medium tracking-wide whitespace-nowrap text-text-muted uppercase",
                        hiddenWhenNarrow(column),
                      )}
                    >
                      {column === CLUSTER_COLUMN ? (
                        column.title
                      ) : (
                        <button
                          type="button"
                          onClick={() => update({ sort: nextSort(view.sort, column.id) })}
                          className="-mx-1 inline-flex items-center gap-1 rounded-sm px-1 uppercase hover:text-text"
                          data-testid={`sort-${column.id}`}
                        >
                          {column.title}
                          <span aria-hidden="true" className={cn(direction ? "text-text" : "text-text-muted/50")}>
                            {direction === "desc" ? "↓" : direction === "asc" ? "↑" : "↕"}
                          </span>
                        </button>
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {padTop > 0 ? <tr aria-hidden="true" style={{ height: padTop }} /> : null}
              {items.map((item) => {
                const row = table.getRowModel().rows[item.index - shown.offset];
                if (!row) return <PlaceholderRow key={item.key} columns={shownColumns} />;
                return (
                  <tr
                    key={`${row.original.clusterId ?? ""}/${row.original.uid}`}
                    data-cluster-id={row.original.clusterId}
                    style={{ height: ROW_HEIGHT }}
                    className={cn("hover:bg-surface-sunken/60", row.original.deleting && "opacity-60")}
                    data-testid={`resource-row-${row.original.namespace ? `${row.original.namespace}/` : ""}${row.original.name}`}
                  >
                    {selectable ? (
                      <td className="w-8 px-3">
                        <input
                          type="checkbox"
                          aria-label={`Select ${row.original.name}`}
                          checked={selected.has(row.original.uid)}
                          onChange={() => toggle(row.original)}
                          data-testid="row-select"
                        />
                      </td>
                    ) : null}
                    {row.getAllCells().map((cell) => {
                      const column = shownColumns.find((candidate) => candidate.id === cell.column.id)!;
                      return (
                        <td
                          key={cell.id}
                          className={cn(
                            "truncate px-3 text-text",
                            // A phone keeps the name short enough for the Namespace column to show whole.
                            column.id === "name" ? "max-w-[9.5rem] sm:max-w-72" : "max-w-72",
                            hiddenWhenNarrow(column),
                          )}
                        >
                          <table.FlexRender cell={cell} />
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
              {padBottom > 0 ? <tr aria-hidden="true" style={{ height: padBottom }} /> : null}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type ListTarget = { clusterId: string; resource: string };

function tableColumns(
  columns: readonly ListColumn[],
  now: number,
  clusterNames: ReadonlyMap<string, string>,
  target: ListTarget,
) {
  return columns.map((column) =>
    column === CLUSTER_COLUMN
      ? columnHelper.accessor((row): unknown => row.clusterId, {
          id: column.id,
          header: column.title,
          cell: (context) => <ClusterCell clusterId={context.row.original.clusterId} names={clusterNames} />,
        })
      : columnHelper.accessor((row): unknown => cellOf(row, column), {
          id: column.id,
          header: column.title,
          cell: (context) => <Cell row={context.row.original} column={column} now={now} target={target} />,
        }),
  );
}

function ClusterCell({ clusterId, names }: { clusterId?: string; names: ReadonlyMap<string, string> }) {
  const name = clusterId ? names.get(clusterId) : undefined;
  return <span className="font-medium text-text-muted">{name ?? clusterId?.slice(0, 8) ?? "—"}</span>;
}

/** Picking only the page's own cluster is the plain list: the URL drops `clusters`. */
function sameAsPage(clusterIds: readonly string[], clusterId: string) {
  return clusterIds.length === 0 || (clusterIds.length === 1 && clusterIds[0] === clusterId);
}

function Cell({ row, column, now, target }: { row: LiveRow; column: ListColumn; now: number; target: ListTarget }) {
  if (column.type === "status")
    return <StatusChip tone={row.status.tone} label={row.status.label} reason={row.status.reason} />;
  const value = cellOf(row, column);
  if (column.id === "name") {
    return (
      // A block flex box: in a narrow cell the name truncates and its badges stay in view.
      <span className="flex min-w-0 items-center gap-2">
        <Link
          href={objectHref({
            ...target,
            clusterId: row.clusterId ?? target.clusterId,
            namespace: row.namespace,
            name: row.name,
          })}
          className="truncate font-medium hover:text-accent hover:underline"
          data-testid="resource-link"
        >
          {row.name}
        </Link>
        {row.deleting ? (
          <Badge tone="warning" className="shrink-0">
            Terminating
          </Badge>
        ) : null}
        {/* On a phone the status column is off to the side: a failing state shows by the name too. */}
        {isAlarming(row.status.tone) && !row.deleting ? (
          <>
            {/* Below 640 px a bare dot (the name needs the room), never a pill with nothing in it. */}
            <span
              role="img"
              aria-label={row.status.label}
              title={row.status.reason ?? row.status.label}
              data-testid="row-alarm-dot"
              className={cn("size-2 shrink-0 rounded-full sm:hidden", DOT_TONES[row.status.tone])}
            />
            <span className="hidden shrink-0 sm:inline-flex md:hidden">
              <Badge tone={TONES[row.status.tone]} dot title={row.status.reason}>
                {row.status.label}
              </Badge>
            </span>
          </>
        ) : null}
      </span>
    );
  }
  if (column.type === "age")
    return <span className="tabular-nums text-text-muted">{formatAge(value as string | null, now)}</span>;
  if (value === null || value === undefined || value === "") return <span className="text-text-muted">—</span>;
  if (Array.isArray(value)) return <span title={value.join(", ")}>{value.join(", ")}</span>;
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  return <span className={cn(column.type !== "text" && "tabular-nums")}>{String(value)}</span>;
}

function PlaceholderRow({ columns }: { columns: readonly ListColumn[] }) {
  return (
    <tr aria-hidden="true" style={{ height: ROW_HEIGHT }}>
      {columns.map((column) => (
        <td key={column.id} className={cn("px-3", hiddenWhenNarrow(column))}>
          <span className="block h-3 w-3/4 animate-pulse rounded-sm bg-surface-sunken" />
        </td>
      ))}
    </tr>
  );
}

function FilterInput({ value, onChange, kind }: { value: string; onChange: (value: string) => void; kind: string }) {
  const [text, setText] = useState(value);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  // The URL (and so the subscription) follows typing after a pause, not on every key.
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => latest.current(text), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <input
      type="search"
      value={text}
      onChange={(event) => setText(event.target.value)}
      placeholder={`Filter ${kind.toLowerCase()} by name, namespace or status`}
      aria-label={`Filter ${kind.toLowerCase()}`}
      maxLength={256}
      data-testid="resource-filter"
      className="h-9 w-full min-w-0 rounded-md border border-border bg-surface-raised px-3 text-sm placeholder:text-text-muted focus-visible:outline-2 focus-visible:outline-accent sm:w-80"
    />
  );
}

/**
 * The cluster and column pickers and the page's own actions ("Save view", a saved view's "Copy
 * link"…): inline from 640 px up; on a phone behind one "More" button that opens a panel under
 * the toolbar, so the toolbar keeps to the filter and one row. Rendered once either way (CSS
 * decides), so dialogs and test ids are never doubled.
 */
function ToolbarMore({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="sm:contents" data-testid="toolbar-actions">
      <Button
        variant="secondary"
        size="icon"
        className="sm:hidden"
        aria-label="More: clusters, columns and this page's actions"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
        data-testid="toolbar-more"
      >
        <span aria-hidden="true">⋯</span>
      </Button>
      <div
        className={cn(
          open ? "flex" : "hidden",
          "absolute inset-x-0 top-full z-20 mt-1 flex-wrap items-center gap-2 rounded-md border border-border bg-surface-raised p-2 shadow-lg",
          "sm:static sm:mt-0 sm:contents sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none",
        )}
      >
        {children}
      </div>
    </div>
  );
}

function RefusedState({ code, message, title }: { code: string; message: string; title: string }) {
  if (code === "FORBIDDEN" || code === "UNAUTHORIZED") {
    return (
      <EmptyState
        data-testid="resource-forbidden"
        title={`You may not list ${title.toLowerCase()} here`}
        description={`${message} Ask a cluster admin for list and watch access.`}
      />
    );
  }
  return <EmptyState data-testid="resource-error" title={`${title} cannot be listed`} description={message} />;
}

/**
 * The window of the previous subscription stays on screen until the new one answers (a scroll
 * or a new filter is a new subscription), so the table never blinks empty.
 */
function useSteadyWindow(list: LiveListState, offset: number) {
  const answered = list.error !== undefined || !isAwaitingAnswer(list.state) || list.rows.length > 0;
  const [kept, setKept] = useState<{ rows: readonly LiveRow[]; total: number; offset: number } | null>(null);
  if (answered && (kept?.rows !== list.rows || kept.total !== list.total || kept.offset !== offset)) {
    // Adjusting state while rendering (react.dev, "Storing information from previous renders").
    setKept({ rows: list.rows, total: list.total, offset });
  }
  if (answered) return { rows: list.rows, total: list.total, offset, answered: true };
  return kept ? { ...kept, answered: true } : { rows: [] as readonly LiveRow[], total: 0, offset, answered: false };
}

function refusalOf(list: LiveListState) {
  const refused = list.sources.find(
    (source) => source.code === "FORBIDDEN" || source.code === "UNAUTHORIZED" || source.code === "NOT_FOUND",
  );
  return refused && list.rows.length === 0 ? { code: refused.code!, message: refused.reason ?? "" } : undefined;
}

function hiddenWhenNarrow(column: ListColumn) {
  return column.secondary ? "hidden md:table-cell" : undefined;
}

function emptyTitle(title: string, view: ListViewState) {
  if (view.filter) return `No ${title.toLowerCase()} match “${view.filter}”`;
  if (view.namespaces.length > 0) return `No ${title.toLowerCase()} in ${view.namespaces.join(", ")}`;
  return `No ${title.toLowerCase()} in this cluster`;
}

function emptyHint(view: ListViewState) {
  if (view.filter) return "The filter matches names, namespaces and status labels. Clear it to see everything.";
  if (view.namespaces.length > 0) return "Pick other namespaces, or all of them.";
  return "The list updates by itself as soon as one is created.";
}
