// Shared stream connections (docs/PROTOCOL.md §4a): the streams of a page, or of all its tabs,
// over one `POST {prefix}/_streams` connection.

import { toBase64 } from "./poto-base64.js";
import { parseJson } from "./poto-codecs.js";
import { clientFailure, PotoError, problemFrom } from "./poto-errors.js";
import { EventChunks, type EventFrame, EventStreamParser, type FrameHandler, type TypedRoute } from "./poto-events.js";
import type { CallOptions, Exchange } from "./poto-client.js";
import { STREAM_ERROR_STATUS } from "./poto-direct-stream.js";
import { readWith } from "./poto-readers.js";
import { nodeChunks } from "./poto-node-http.js";
import type { TypedParser } from "./poto-typed-json.js";

/** A frame in a {@link StreamQueue}; an item its connection's reader decoded is queued as its value. */
export class QueuedFrame {
  constructor(readonly frame: EventFrame) {}
}

/** What {@link StreamQueue.take} returns when nothing is waiting. */
export const NOTHING: unique symbol = Symbol("nothing");

/**
 * What has arrived of one stream on a shared connection, in order: items the connection's reader already
 * decoded with the stream's typed parser (as their values), and every other frame (as a
 * {@link QueuedFrame}: an item the typed parser declined, or one relayed from another tab, is decoded
 * by the stream). A failure ends it.
 */
export class StreamQueue {
  /** The parser of the stream's items, which the connection's reader uses for them; undefined: none. */
  readonly typed: TypedParser | undefined;
  /** Waiting entries from #at on. */
  readonly #entries: unknown[] = [];
  #at = 0;
  #failure: PotoError | null = null;
  /** Unregistered: its consumer has gone, so nothing more is kept (its route may still be cached). */
  #detached = false;
  #wake: (() => void) | null = null;
  /** The connection broke: the server has cancelled the stream already. */
  connectionLost = false;

  constructor(typed?: TypedParser) {
    this.typed = typed;
  }

  /** An item, decoded. */
  pushItem(value: unknown): void {
    if (this.#failure !== null || this.#detached) return; // failed or gone: nothing more is taken
    this.#entries.push(value);
    this.#awake();
  }

  push(frame: EventFrame): void {
    if (this.#failure !== null || this.#detached) return;
    this.#entries.push(new QueuedFrame(frame));
    this.#awake();
  }

  /** Ends the queue with `error` (after the entries already received when `lost`, else at once). */
  fail(error: PotoError, lost = false): void {
    if (this.#failure === null) {
      this.#failure = error;
      this.connectionLost = lost;
      if (!lost) this.#clear();
      this.#awake();
    }
  }

  /** The stream is no longer read: what is waiting, and whatever comes, is dropped. */
  detach(): void {
    this.#detached = true;
    this.#clear();
  }

  /** The next entry (a value or a {@link QueuedFrame}) without waiting, or {@link NOTHING}. */
  take(): unknown {
    const entries = this.#entries;
    if (this.#at === entries.length) return NOTHING;
    const entry = entries[this.#at];
    entries[this.#at++] = undefined;
    if (this.#at === entries.length) this.#clear();
    return entry;
  }

  /** Resolves once an entry is waiting; rejects with the failure when it has come and nothing is left before it. */
  async wait(requestId: string | undefined): Promise<void> {
    while (this.#at === this.#entries.length) {
      if (this.#failure !== null) {
        const f = this.#failure;
        throw f.requestId === undefined && requestId !== undefined
          ? new PotoError(f.status, f.code, f.message, requestId) : f;
      }
      await new Promise<void>((resolve) => { this.#wake = resolve; });
    }
  }

  #awake(): void {
    const wake = this.#wake;
    if (wake !== null) {
      this.#wake = null;
      wake();
    }
  }

  #clear(): void {
    this.#entries.length = 0;
    this.#at = 0;
  }
}

/** How a shared stream reaches its server: the client's requests, and its direct stream to fall back on. */
export interface SharedStreamCalls<T> {
  /** Sends the call that starts the stream on `connection` as `stream`. */
  start(connection: string, stream: string): Promise<Exchange>;
  /** The same stream on a request of its own, for when the shared connection cannot be used. */
  direct(): AsyncIterator<T>;
}

const NOT_STARTED = 0;
const RUNNING = 1;
const OVER = 2;

/**
 * A stream on the shared connection, as an async iterator over its items. Its queue is registered under a
 * new stream id before the starting call (frames may overtake its answer). Items the connection's reader
 * decoded are handed out at once, as a direct stream hands out its own: one resolved promise each, no
 * generator resumption; other frames are read here. Leaving early (`return()`, as `break` does)
 * cancels the stream on the server. If the connection cannot be used (it cannot open, or this server
 * node does not know it), the stream runs directly instead: the server had not started it.
 */
export class SharedStream<T> implements AsyncIterableIterator<T> {
  readonly #hub: ConnectionHub;
  readonly #calls: SharedStreamCalls<T>;
  readonly #read: (value: unknown) => unknown;
  readonly #typed: TypedParser | undefined;
  readonly #exactDigits: boolean;
  readonly #opts: CallOptions | undefined;
  #state = NOT_STARTED;
  #direct: AsyncIterator<T> | undefined;
  #queue: StreamQueue | undefined;
  #connection = "";
  #stream = "";
  #requestId: string | undefined;
  /** Items handed out so far, for the path of a wrong one (`item[41]`). */
  #index = 0;
  /** The server ended the stream (its end or error event): nothing to cancel. */
  #finished = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onAbort: (() => void) | undefined;

  constructor(hub: ConnectionHub, calls: SharedStreamCalls<T>, read: (value: unknown) => unknown,
      typed: TypedParser | undefined, exactDigits: boolean, opts: CallOptions | undefined) {
    this.#hub = hub;
    this.#calls = calls;
    this.#read = read;
    this.#typed = typed;
    this.#exactDigits = exactDigits;
    this.#opts = opts;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    const queue = this.#queue;
    if (queue !== undefined && this.#state === RUNNING) {
      const entry = queue.take();
      if (entry !== NOTHING) {
        if (!(entry instanceof QueuedFrame)) {
          this.#index++;
          return Promise.resolve({ value: entry as T, done: false });
        }
        return this.#more(entry);
      }
    }
    return this.#more(undefined);
  }

  async return(): Promise<IteratorResult<T>> {
    if (this.#direct !== undefined) return (await this.#direct.return?.()) ?? { value: undefined, done: true };
    this.#end();
    return { value: undefined, done: true };
  }

  /** The next item the slow way: starting, a frame to read (`frame`, taken already), waiting, or the end. */
  async #more(frame: QueuedFrame | undefined): Promise<IteratorResult<T>> {
    try {
      if (this.#state === NOT_STARTED) {
        this.#state = RUNNING;
        await this.#start();
        if (this.#state === OVER) { // return() came while it started
          await this.#direct?.return?.();
          if (this.#queue !== undefined) {
            this.#state = RUNNING;
            this.#end();
          }
          return { value: undefined, done: true };
        }
      }
      if (this.#direct !== undefined) return await this.#direct.next();
      if (this.#state === OVER) return { value: undefined, done: true };
      const queue = this.#queue as StreamQueue;
      let entry: unknown = frame ?? queue.take();
      for (;;) {
        if (entry === NOTHING) {
          await queue.wait(this.#requestId);
        } else if (!(entry instanceof QueuedFrame)) {
          this.#index++;
          return { value: entry as T, done: false };
        } else {
          const result = this.#frame(entry.frame);
          if (result !== undefined) return result;
        }
        entry = queue.take();
      }
    } catch (error) {
      this.#end();
      throw error;
    }
  }

  /** An item read the general way, the stream's end (done), or undefined for a frame to pass over. */
  #frame(frame: EventFrame): IteratorResult<T> | undefined {
    const requestId = this.#requestId;
    if (frame.event === "item") {
      const value = readWith(this.#read, parseJson(frame.data, requestId, this.#exactDigits), requestId, "item", this.#index);
      this.#index++;
      return { value: value as T, done: false };
    }
    if (frame.event === "error") {
      this.#finished = true;
      throw problemFrom(parseJson(frame.data, requestId), STREAM_ERROR_STATUS, requestId);
    }
    if (frame.event === "end") {
      this.#finished = true;
      this.#end();
      return { value: undefined, done: true };
    }
    return undefined;
  }

  /** Registers the stream on the connection and starts it, or sets up the direct stream instead. */
  async #start(): Promise<void> {
    const opts = this.#opts;
    if (opts?.signal?.aborted) {
      throw clientFailure("cancelled", "the call was cancelled");
    }
    const started = Date.now();
    const hub = this.#hub;
    let connection: string;
    try {
      connection = await hub.connection();
    } catch {
      this.#direct = this.#calls.direct();
      return;
    }
    const stream = hub.newStreamId();
    const queue = new StreamQueue(this.#typed);
    hub.register(connection, stream, queue);
    let exchange: Exchange;
    try {
      exchange = await this.#calls.start(connection, stream);
    } catch (error) {
      hub.unregister(stream);
      if (error instanceof PotoError && (error.code === "cancelled" || error.code === "deadline_exceeded"
        || error.code === "transport_error")) {
        hub.cancel(connection, stream); // the server may have started it before the call was abandoned
      }
      if (error instanceof PotoError && error.code === "unknown_connection") {
        this.#direct = this.#calls.direct();
        return;
      }
      throw error;
    }
    this.#queue = queue;
    this.#connection = connection;
    this.#stream = stream;
    const requestId = exchange.requestId;
    this.#requestId = requestId;
    try {
      await exchange.response.text(); // {"stream": id}: nothing more to learn from it
    } catch {
      // the answer's body is of no use; the frames say how the stream goes
    } finally {
      exchange.close(false);
    }
    if (opts?.signal !== undefined) {
      const onAbort = () => queue.fail(clientFailure("cancelled", "the call was cancelled"));
      this.#onAbort = onAbort;
      opts.signal.addEventListener("abort", onAbort, { once: true });
      if (opts.signal.aborted) onAbort(); // while the call was answered
    }
    if (opts?.timeoutMs !== undefined) {
      const left = Math.max(0, Math.ceil(opts.timeoutMs) - (Date.now() - started));
      this.#timer = setTimeout(() => queue.fail(
        clientFailure("deadline_exceeded", `no answer within ${opts.timeoutMs} ms`, requestId)), left);
    }
  }

  /** Ends the stream here, and on the server unless it finished it or the connection is gone. */
  #end(): void {
    if (this.#state === OVER) return;
    const running = this.#state === RUNNING;
    this.#state = OVER;
    const queue = this.#queue;
    if (!running || queue === undefined) return;
    clearTimeout(this.#timer);
    if (this.#onAbort !== undefined) this.#opts?.signal?.removeEventListener("abort", this.#onAbort);
    this.#hub.unregister(this.#stream);
    if (!this.#finished && !queue.connectionLost) {
      this.#hub.cancel(this.#connection, this.#stream);
    }
  }
}

/**
 * Resolves in a task of its own, after every microtask queued before it: the streams' consumers, which
 * take their items one microtask at a time, then empty their queues before the connection's reader reads
 * on. (Awaiting a chunk already received takes only a microtask, so without this the reader would read
 * the whole connection ahead of a consumer that keeps up, holding every item in memory at once.) Node
 * and Bun: `setImmediate`; a page or worker: a `MessageChannel` message, which no timer clamping delays.
 */
const nextTask: () => Promise<void> = (() => {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate !== undefined) return () => new Promise<void>((resolve) => { immediate(resolve); });
  if (typeof MessageChannel === "undefined") return () => new Promise<void>((resolve) => { setTimeout(resolve, 0); });
  let channel: MessageChannel | undefined;
  const waiting: Array<() => void> = [];
  return () => new Promise<void>((resolve) => {
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
})();

/** Where a client's shared streams go: one page's connection, or the one its tabs share. */
export interface ConnectionHub {
  /** The id of an open connection, opening one if needed; rejects when none can be opened. */
  connection(): Promise<string>;
  /** A stream id unique on the connection, across tabs. */
  newStreamId(): string;
  register(connection: string, stream: string, frames: StreamQueue): void;
  unregister(stream: string): void;
  /** Tells the server to cancel a stream (fire and forget). */
  cancel(connection: string, stream: string): void;
  close(): void;
}

type OpenConnection = () => Promise<Exchange>;
type CancelStream = (connection: string, stream: string) => void;

function randomId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_");
}

const lost = () => clientFailure("stream_broken", "the shared stream connection closed before the stream's end event");

/** One `POST {prefix}/_streams` connection held by this page, and the streams registered on it. */
export class PageConnection implements ConnectionHub {
  readonly #open: OpenConnection;
  readonly #cancel: CancelStream;
  readonly #streams = new Map<string, { connection: string; frames: StreamQueue }>();
  readonly #prefix = randomId();
  #sequence = 0;
  #current: Promise<string> | null = null;
  #exchange: Exchange | null = null;
  #closed = false;
  /**
   * Where the streams whose frames this connection reads are registered: itself, or the routing of a
   * tab hub whose leader it is (whose own streams then get their items decoded here too).
   */
  registry: PageConnection = this;
  /** Every frame of the connection but the items decoded for the registry's streams, for a hub that relays them to other tabs. */
  onFrame: ((connection: string, frame: EventFrame) => void) | null = null;
  /** The connection ended (after `onFrame` saw its last frame). */
  onLost: ((connection: string) => void) | null = null;

  readonly #maxFrameBytes: number;

  constructor(open: OpenConnection, cancel: CancelStream, maxFrameBytes: number) {
    this.#open = open;
    this.#cancel = cancel;
    this.#maxFrameBytes = maxFrameBytes;
  }

  connection(): Promise<string> {
    if (this.#current === null) {
      const opening = this.#connect();
      this.#current = opening;
      opening.catch(() => {
        if (this.#current === opening) this.#current = null; // the next stream tries again
      });
    }
    return this.#current;
  }

  newStreamId(): string {
    return `${this.#prefix}.${++this.#sequence}`;
  }

  register(connection: string, stream: string, frames: StreamQueue): void {
    this.#streams.set(stream, { connection, frames });
  }

  unregister(stream: string): void {
    this.#streams.get(stream)?.frames.detach();
    this.#streams.delete(stream);
  }

  cancel(connection: string, stream: string): void {
    this.#cancel(connection, stream);
  }

  /** Frames of a connection, from this page's reader or relayed from another tab. */
  dispatch(connection: string, frame: EventFrame): void {
    const target = frame.stream === undefined ? undefined : this.#streams.get(frame.stream);
    if (target !== undefined && target.connection === connection) {
      target.frames.push(frame);
    }
  }

  /**
   * The queue of a stream registered on `connection` whose items a typed parser reads, for the
   * connection's reader to put them in directly; undefined otherwise.
   */
  routeOf(connection: string, stream: string): (StreamQueue & TypedRoute) | undefined {
    const target = this.#streams.get(stream);
    return target !== undefined && target.connection === connection && target.frames.typed !== undefined
      ? target.frames as StreamQueue & TypedRoute : undefined; // its parser, just checked
  }

  /** Fails every stream registered on `connection`: it has gone, and the server cancelled them. */
  lose(connection: string): void {
    for (const [stream, target] of this.#streams) {
      if (target.connection === connection) {
        this.#streams.delete(stream);
        target.frames.fail(lost(), true);
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#exchange?.close(true);
  }

  async #connect(): Promise<string> {
    if (this.#closed) throw clientFailure("cancelled", "the client's stream connection was closed");
    const exchange = await this.#open();
    this.#exchange = exchange;
    const body = exchange.response.body;
    if (body === null) {
      exchange.close(true);
      throw clientFailure("stream_broken", "the stream connection has no body", exchange.requestId);
    }
    const reader = nodeChunks(exchange.response) ?? body.getReader();
    const chunks = new EventChunks();
    // Items of registered streams are decoded here, as a direct stream decodes its own (a typed parser
    // per stream), so a stream's consumer takes them ready; every other frame is routed as it is.
    const parser = new EventStreamParser(this.#maxFrameBytes, exchange.requestId, undefined,
      (stream) => (id === null ? undefined : this.registry.routeOf(id, stream)));
    let id: string | null = null;
    let opened: (value: string) => void = () => undefined;
    let refused: (error: unknown) => void = () => undefined;
    const first = new Promise<string>((resolve, reject) => { opened = resolve; refused = reject; });
    let delivered = false;
    const handler: FrameHandler = {
      item: (value, route) => {
        (route as StreamQueue).pushItem(value);
        delivered = true;
      },
      frame: (frame) => {
        if (id === null) {
          if (frame.event !== "open") throw new Error("the stream connection did not start with its open frame");
          id = (parseJson(frame.data, exchange.requestId) as { connection: string }).connection;
          opened(id);
        } else {
          this.registry.dispatch(id, frame);
          this.onFrame?.(id, frame);
          delivered = true;
        }
        return true;
      },
    };
    const read = async () => {
      try {
        for (;;) {
          const chunk = await reader.read();
          chunks.feed(parser, chunk, handler);
          if (parser.failure !== null) throw parser.failure; // a frame over the bound: the connection is unusable
          if (chunk.done) break;
          if (delivered) {
            delivered = false;
            await nextTask(); // the consumers take what this chunk brought before the next is read
          }
        }
      } catch (error) {
        refused(error);
      } finally {
        exchange.close(true);
        if (this.#exchange === exchange) this.#exchange = null;
        if (id !== null) {
          if (this.#current !== null && (await this.#current.catch(() => null)) === id) this.#current = null;
          this.lose(id);
          this.onLost?.(id);
        } else {
          refused(clientFailure("stream_broken", "the stream connection closed before it opened", exchange.requestId));
        }
      }
    };
    void read();
    return first;
  }
}

/** Messages between the tabs sharing one connection (on a BroadcastChannel per server and user). */
type TabMessage =
  | { type: "need" }
  | { type: "open"; connection: string }
  | { type: "lost"; connection: string }
  | { type: "frame"; connection: string; frame: EventFrame }
  | { type: "started"; tab: string; connection: string; stream: string };

/**
 * The tabs of one browser share one connection per server and user: the tab holding a Web Lock (the
 * leader) opens it and relays its frames to the others on a BroadcastChannel; every tab starts and
 * cancels its own streams with ordinary requests. Each tab holds a lock of its own for its lifetime,
 * so the leader learns when a tab has closed and cancels that tab's streams; when the leader closes,
 * the server cancels everything on its connection, another tab takes the lead and opens a new one,
 * and the streams of the old one end as broken.
 */
export class TabsHub implements ConnectionHub {
  readonly #key: string;
  readonly #tab = randomId();
  readonly #channel: BroadcastChannel;
  readonly #local: PageConnection;
  readonly #makeLeaderConnection: () => PageConnection;
  readonly #cancel: CancelStream;
  #leader: PageConnection | null = null;
  #known: string | null = null;
  #waiting: Array<(connection: string) => void> = [];
  #leadRequested = false;
  #sequence = 0;
  /** Leader only: open streams of other tabs, to cancel when their tab closes. */
  readonly #tabStreams = new Map<string, Map<string, string>>();
  readonly #release: AbortController = new AbortController();
  readonly #tabLockHeld: Promise<void>;

  constructor(key: string, page: () => PageConnection, cancel: CancelStream) {
    this.#key = key;
    this.#makeLeaderConnection = page;
    this.#cancel = cancel;
    // Routing of this tab's frames: a connection that is never opened, only dispatched to.
    this.#local = new PageConnection(() => Promise.reject(new Error("unused")), cancel, 1);
    this.#channel = new BroadcastChannel(`poto-streams ${key}`);
    this.#channel.onmessage = (event: MessageEvent<TabMessage>) => this.#receive(event.data);
    const signal = this.#release.signal;
    // Held until the tab goes away: the leader waits on it to learn that this tab has closed. Streams
    // are announced to the leader only once it is held, or the leader could take it first.
    this.#tabLockHeld = new Promise<void>((held) => {
      navigator.locks.request(`poto-tab ${this.#tab}`, { signal }, () => new Promise<void>((resolve) => {
        held();
        signal.addEventListener("abort", () => resolve(), { once: true });
      })).catch(() => undefined);
    });
  }

  connection(): Promise<string> {
    this.#requestLead();
    if (this.#known !== null) return Promise.resolve(this.#known);
    if (this.#leader !== null) return this.#leader.connection().then((id) => this.#announce(id));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = this.#waiting.filter((w) => w !== waiter);
        reject(clientFailure("transport_error", "no tab opened the shared stream connection in time"));
      }, 10_000);
      const waiter = (id: string) => { clearTimeout(timer); resolve(id); };
      this.#waiting.push(waiter);
      this.#post({ type: "need" });
    });
  }

  newStreamId(): string {
    return `${this.#tab}.${++this.#sequence}`;
  }

  register(connection: string, stream: string, frames: StreamQueue): void {
    this.#local.register(connection, stream, frames);
    void this.#tabLockHeld.then(() => {
      if (this.#leader === null) this.#post({ type: "started", tab: this.#tab, connection, stream });
    });
  }

  unregister(stream: string): void {
    this.#local.unregister(stream);
  }

  cancel(connection: string, stream: string): void {
    this.#cancel(connection, stream);
  }

  close(): void {
    this.#release.abort();
    this.#leader?.close();
    this.#channel.close();
  }

  #post(message: TabMessage): void {
    this.#channel.postMessage(message);
  }

  /** Queues for the leader lock once this tab uses shared streams; it is granted when no tab leads. */
  #requestLead(): void {
    if (this.#leadRequested) return;
    this.#leadRequested = true;
    const signal = this.#release.signal;
    navigator.locks.request(`poto-streams-leader ${this.#key}`, { signal }, () => this.#lead(signal))
      .catch(() => undefined);
  }

  async #lead(signal: AbortSignal): Promise<void> {
    const leader = this.#makeLeaderConnection();
    leader.registry = this.#local; // this tab's streams: their frames and items go there
    const own = `${this.#tab}.`;
    leader.onFrame = (connection, frame) => {
      this.#forget(frame);
      if (frame.stream === undefined || !frame.stream.startsWith(own)) this.#post({ type: "frame", connection, frame });
    };
    leader.onLost = (connection) => {
      this.#post({ type: "lost", connection });
      this.#lost(connection);
    };
    this.#leader = leader;
    leader.connection().then((id) => this.#announce(id), () => undefined);
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }

  /** A connection is open (this tab leads, or the leader said so): streams on an older one are broken. */
  #announce(connection: string): string {
    if (this.#known !== connection) {
      if (this.#known !== null) this.#lost(this.#known);
      this.#known = connection;
      if (this.#leader !== null) this.#post({ type: "open", connection });
    }
    const waiting = this.#waiting;
    this.#waiting = [];
    waiting.forEach((resolve) => resolve(connection));
    return connection;
  }

  #lost(connection: string): void {
    if (this.#known === connection) this.#known = null;
    this.#local.lose(connection);
    this.#tabStreams.clear();
  }

  #receive(message: TabMessage): void {
    switch (message.type) {
      case "need":
        this.#leader?.connection().then((id) => this.#post({ type: "open", connection: id }), () => undefined);
        break;
      case "open":
        if (this.#leader === null) this.#announce(message.connection);
        break;
      case "lost":
        this.#lost(message.connection);
        break;
      case "frame":
        this.#local.dispatch(message.connection, message.frame);
        break;
      case "started":
        this.#watchTab(message.tab, message.connection, message.stream);
        break;
    }
  }

  /** Leader: remembers another tab's stream and cancels it on the server if that tab closes first. */
  #watchTab(tab: string, connection: string, stream: string): void {
    if (this.#leader === null) return;
    let streams = this.#tabStreams.get(tab);
    if (streams === undefined) {
      streams = new Map();
      this.#tabStreams.set(tab, streams);
      navigator.locks.request(`poto-tab ${tab}`, { signal: this.#release.signal }, () => {
        const left = this.#tabStreams.get(tab);
        this.#tabStreams.delete(tab);
        left?.forEach((on, id) => this.#cancel(on, id));
      }).catch(() => undefined);
    }
    streams.set(stream, connection);
  }

  /** Leader: a stream's last frame went by, so there is nothing to cancel for it any more. */
  #forget(frame: EventFrame): void {
    if (frame.event === "item" || frame.stream === undefined) return;
    const tab = frame.stream.slice(0, frame.stream.lastIndexOf("."));
    this.#tabStreams.get(tab)?.delete(frame.stream);
  }
}
