/**
 * A live aggregate (docs/realtime.md, "Aggregates"): figures computed on the server from the
 * watch hub's cached rows, recomputed when a batch arrives — at most once per interval — and
 * handed on only when they changed. The browser receives the figures, never the rows behind them.
 */
import type { AggregateView, WatchState } from "@/lib/realtime/contract";
import type { Refused } from "@/lib/resources/aggregates";
import type { ResourceRow } from "@/lib/resources/types";
import type { UpstreamStatus } from "@/lib/wire/watch";
import { getWatchHub, type WatchHandle } from "../k8s/watch-hub";
import { log } from "../logger";
import type { SourcePlan } from "../resources/live-view-plan";

/** What each named input reads: the upstream views that serve it, or why it may not be read. */
export type AggregateInputs = ReadonlyMap<string, readonly SourcePlan[] | Refused>;
export type RowsOf = (input: string) => readonly ResourceRow[] | Refused;
export type Freshness = { state: WatchState; since: string; reason?: string };
/**
 * The least fresh upstream behind the named inputs, among those read so far in this computation;
 * null when none was (every input refused).
 */
export type FreshnessOf = (inputs: readonly string[]) => Freshness | null;

export type AggregateUpdate<T> = Freshness & { data: T };

export type AggregateOptions<T> = {
  /** Which page the figures are for; it travels on every frame. */
  view: AggregateView;
  inputs: AggregateInputs;
  compute: (rowsOf: RowsOf, now: number, freshnessOf: FreshnessOf) => T;
  emit: (update: AggregateUpdate<T>) => void;
  /** Reads beside the rows (the stored event history), run before the first figures and on each tick. */
  refresh?: () => Promise<void>;
  /** Fewest milliseconds between two computations: at most one frame a second at 10k pods. */
  intervalMs?: number;
  /** Figures that depend on the clock (warnings of the last hour) are recomputed this often. */
  tickMs?: number;
  /** How long the first figures wait for every first list; then they go out with what has arrived. */
  firstSyncMs?: number;
};

const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_TICK_MS = 30_000;
const DEFAULT_FIRST_SYNC_MS = 2_000;
const FRESHNESS: Record<WatchState, number> = { live: 0, reconnecting: 1, stale: 2 };

type Held = { plan: SourcePlan; handle: WatchHandle };

export class LiveAggregate<T> {
  private readonly held = new Map<string, Held[]>();
  private timer?: NodeJS.Timeout;
  private ticker?: NodeJS.Timeout;
  private lastRun = 0;
  private lastSent = "";
  private ready = false;
  private stopped = false;

  readonly view: AggregateView;

  constructor(private readonly options: AggregateOptions<T>) {
    this.view = options.view;
    const hub = getWatchHub();
    for (const [name, input] of options.inputs) {
      if (!Array.isArray(input)) continue;
      this.held.set(
        name,
        (input as readonly SourcePlan[]).map((plan) => ({ plan, handle: hub.acquire(plan.spec) })),
      );
    }
  }

  /**
   * Follow the batches; send the first figures once every input has listed, or after a short
   * wait with what has arrived (the state then says `reconnecting`): one slow list does not hold
   * back the sections that are ready. Each list that lands later is a batch, hence an update.
   */
  async start() {
    const handles = [...this.held.values()].flat().map(({ handle }) => handle);
    for (const handle of handles) handle.onBatch(() => this.schedule());
    await Promise.race([
      Promise.all([...handles.map((handle) => handle.firstSync()), this.runRefresh()]),
      new Promise((resolve) => setTimeout(resolve, this.options.firstSyncMs ?? DEFAULT_FIRST_SYNC_MS).unref()),
    ]);
    if (this.stopped) return;
    this.ready = true;
    this.ticker = setInterval(
      () => void this.runRefresh().then(() => this.schedule()),
      this.options.tickMs ?? DEFAULT_TICK_MS,
    );
    this.ticker.unref();
    this.run();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    for (const { handle } of [...this.held.values()].flat()) handle.release();
    this.held.clear();
  }

  private schedule() {
    if (!this.ready || this.stopped || this.timer) return;
    const wait = Math.max(0, this.lastRun + (this.options.intervalMs ?? DEFAULT_INTERVAL_MS) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  private run() {
    if (this.stopped) return;
    this.lastRun = Date.now();
    try {
      const statuses = new Map<string, UpstreamStatus[]>();
      const rowsOf: RowsOf = (name) => this.rowsOf(name, statuses);
      const freshnessOf: FreshnessOf = (names) => {
        const read = names.flatMap((name) => statuses.get(name) ?? []);
        return read.length > 0 ? freshest(read) : null;
      };
      const data = this.options.compute(rowsOf, this.lastRun, freshnessOf);
      const update = { ...freshest([...statuses.values()].flat()), data };
      const encoded = JSON.stringify([update.state, update.reason, data]);
      if (encoded === this.lastSent) return;
      this.lastSent = encoded;
      this.options.emit(update);
    } catch (error) {
      log.error("an aggregate failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private rowsOf(name: string, statuses: Map<string, UpstreamStatus[]>): readonly ResourceRow[] | Refused {
    const input = this.options.inputs.get(name);
    if (!input) return [];
    if (!Array.isArray(input)) return input as Refused;
    const rows: ResourceRow[] = [];
    const read: UpstreamStatus[] = [];
    statuses.set(name, read);
    for (const { plan, handle } of this.held.get(name) ?? []) {
      const snapshot = handle.snapshot();
      read.push(snapshot.status);
      for (const row of snapshot.rows) {
        if (!plan.namespaces || plan.namespaces.has(row.namespace ?? "")) rows.push(row);
      }
    }
    return rows;
  }

  private async runRefresh() {
    try {
      await this.options.refresh?.();
    } catch (error) {
      log.warn("an aggregate's refresh failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** The least fresh of the upstreams read, since when, and why. */
function freshest(statuses: readonly UpstreamStatus[]): Freshness {
  let worst: UpstreamStatus | undefined;
  for (const status of statuses) {
    if (!worst || FRESHNESS[status.state] > FRESHNESS[worst.state]) worst = status;
  }
  if (!worst) return { state: "live", since: new Date().toISOString() };
  return { state: worst.state, since: worst.since, ...(worst.reason && { reason: worst.reason.message }) };
}
