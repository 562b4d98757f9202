// Shared stream connections (docs/PROTOCOL.md §4a): the streams of a page, or of all its tabs,
// over one `POST {prefix}/_streams` connection.

import { toBase64 } from "./poto-base64.js";
import { parseJson } from "./poto-codecs.js";
import { clientFailure, PotoError } from "./poto-errors.js";
import { type EventFrame, EventStreamParser } from "./poto-events.js";
import type { Exchange } from "./poto-client.js";

/** The frames of one stream on a shared connection, as an async queue; a failure ends it. */
export class FrameQueue {
  readonly #frames: EventFrame[] = [];
  #failure: PotoError | null = null;
  #wake: (() => void) | null = null;
  /** The connection broke: the server has cancelled the stream already. */
  connectionLost = false;

  push(frame: EventFrame): void {
    this.#frames.push(frame);
    this.#wake?.();
  }

  /** Ends the queue with `error` (after the frames already received when `lost`, else at once). */
  fail(error: PotoError, lost = false): void {
    if (this.#failure === null) {
      this.#failure = error;
      this.connectionLost = lost;
      if (!lost) this.#frames.length = 0;
      this.#wake?.();
    }
  }

  /** The next frame if one is waiting, without waiting (a failure is reported by {@link next}). */
  poll(): EventFrame | undefined {
    return this.#frames.shift();
  }

  async next(requestId: string | undefined): Promise<EventFrame> {
    for (;;) {
      const frame = this.#frames.shift();
      if (frame !== undefined) return frame;
      if (this.#failure !== null) {
        const f = this.#failure;
        throw f.requestId === undefined && requestId !== undefined
          ? new PotoError(f.status, f.code, f.message, requestId) : f;
      }
      await new Promise<void>((resolve) => { this.#wake = resolve; });
      this.#wake = null;
    }
  }
}

/** Where a client's shared streams go: one page's connection, or the one its tabs share. */
export interface ConnectionHub {
  /** The id of an open connection, opening one if needed; rejects when none can be opened. */
  connection(): Promise<string>;
  /** A stream id unique on the connection, across tabs. */
  newStreamId(): string;
  register(connection: string, stream: string, frames: FrameQueue): void;
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
  readonly #streams = new Map<string, { connection: string; frames: FrameQueue }>();
  readonly #prefix = randomId();
  #sequence = 0;
  #current: Promise<string> | null = null;
  #exchange: Exchange | null = null;
  #closed = false;
  /** Every frame of the connection, for a hub that relays them to other tabs. */
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

  register(connection: string, stream: string, frames: FrameQueue): void {
    this.#streams.set(stream, { connection, frames });
  }

  unregister(stream: string): void {
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
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new EventStreamParser(this.#maxFrameBytes, exchange.requestId);
    let id: string | null = null;
    let opened: (value: string) => void = () => undefined;
    let refused: (error: unknown) => void = () => undefined;
    const first = new Promise<string>((resolve, reject) => { opened = resolve; refused = reject; });
    const read = async () => {
      try {
        for (;;) {
          const chunk = await reader.read();
          const frames = parser.push(chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true }));
          for (const frame of frames) {
            if (id === null) {
              if (frame.event !== "open") throw new Error("the stream connection did not start with its open frame");
              id = (parseJson(frame.data, exchange.requestId) as { connection: string }).connection;
              opened(id);
            } else {
              this.dispatch(id, frame);
              this.onFrame?.(id, frame);
            }
          }
          if (parser.failure !== null) throw parser.failure; // a frame over the bound: the connection is unusable
          if (chunk.done) break;
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

  register(connection: string, stream: string, frames: FrameQueue): void {
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
    leader.onFrame = (connection, frame) => {
      this.#local.dispatch(connection, frame);
      this.#forget(frame);
      this.#post({ type: "frame", connection, frame });
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
