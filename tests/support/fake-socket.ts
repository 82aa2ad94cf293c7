/**
 * A socket.io client stand-in for the browser's framework-free live classes (LiveList,
 * LiveAggregateClient, LogStream): records emits, answers every `…:subscribe` with the next id,
 * and fires server events, connects and drops on demand.
 */
export class FakeSocket {
  readonly emitted: { event: string; payload: Record<string, unknown> }[] = [];
  private readonly handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  private ids = 0;

  constructor(public connected = true) {}

  on(event: string, handler: (...args: unknown[]) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }
  off(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  emit(event: string, payload: Record<string, unknown>, ack?: (result: unknown) => void) {
    this.emitted.push({ event, payload });
    if (event.endsWith(":subscribe")) ack?.({ ok: true, subscriptionId: `s${++this.ids}` });
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  /** The socket (re)connects: listeners subscribe again. */
  connect() {
    this.connected = true;
    this.fire("connect");
  }
  /** The connection is lost. */
  drop() {
    this.connected = false;
    this.fire("disconnect");
  }
}
