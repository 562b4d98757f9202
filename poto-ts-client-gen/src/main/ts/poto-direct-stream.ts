// A stream result on a request of its own (docs/PROTOCOL.md §4): an async iterator over its items.

import { parseJson } from "./poto-codecs.js";
import { clientFailure, type PotoError, problemFrom } from "./poto-errors.js";
import { EventChunks, type EventFrame, EventStreamParser, type FrameHandler } from "./poto-events.js";
import { type ChunkReader, nodeChunks } from "./poto-node-http.js";
import { readWith } from "./poto-readers.js";
import type { TypedParser } from "./poto-typed-json.js";

/** The request of a stream, as the client sent it. */
export interface StreamExchange {
  readonly response: Response;
  readonly requestId: string | undefined;
  failure(error: unknown): PotoError;
  close(abort: boolean): void;
}

/** The status of a stream's error event whose problem names none, as in the Java client. */
export const STREAM_ERROR_STATUS = 500;

/**
 * The items of one stream. Each chunk read from the body is parsed into frames and its items checked
 * and decoded at once (by the item type's typed parser where it has one, else by JSON.parse and its
 * reader); `next()` then hands them out from an array, so an item costs one resolved
 * promise, not a generator's resumption. What ends the stream (its `end` event, an `error` event, a
 * wrong item, a broken connection) takes effect after the items before it were handed out. Leaving
 * early (`return()`, as `break` does) closes the request, which cancels the stream on the server.
 */
export class DirectStream<T> implements AsyncIterableIterator<T> {
  readonly #open: () => Promise<StreamExchange>;
  readonly #read: (value: unknown) => unknown;
  readonly #typed: TypedParser | undefined;
  readonly #exactDigits: boolean;
  readonly #maxFrameBytes: number;
  #exchange: StreamExchange | undefined;
  #body: ChunkReader | undefined;
  readonly #chunks = new EventChunks();
  #parser: EventStreamParser | undefined;
  /** Decoded items not yet handed out, from #at on. */
  readonly #items: unknown[] = [];
  #at = 0;
  /** Items handed out before the first of #items, for the path of a wrong one (`item[41]`). */
  #before = 0;
  /** How the stream ends once #items are handed out: undefined while it goes on, null for its end event. */
  #ending: { readonly error: unknown; readonly finished: boolean } | null | undefined;
  #done = false;

  /** Takes the frames of the chunk being read, in order. */
  readonly #handler: FrameHandler = {
    item: (value) => {
      this.#items.push(value);
    },
    frame: (frame) => this.#frame(frame),
  };

  constructor(open: () => Promise<StreamExchange>, read: (value: unknown) => unknown, typed: TypedParser | undefined,
      exactDigits: boolean, maxFrameBytes: number) {
    this.#open = open;
    this.#read = read;
    this.#typed = typed;
    this.#exactDigits = exactDigits;
    this.#maxFrameBytes = maxFrameBytes;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#at < this.#items.length) {
      return Promise.resolve({ value: this.#take(), done: false });
    }
    return this.#more();
  }

  async return(): Promise<IteratorResult<T>> {
    this.#close(false);
    return { value: undefined, done: true };
  }

  #take(): T {
    const value = this.#items[this.#at] as T;
    this.#items[this.#at++] = undefined;
    return value;
  }

  async #more(): Promise<IteratorResult<T>> {
    try {
      for (;;) {
        if (this.#at < this.#items.length) return { value: this.#take(), done: false };
        this.#before += this.#items.length;
        this.#items.length = 0;
        this.#at = 0;
        if (this.#done) return { value: undefined, done: true };
        const ending = this.#ending;
        if (ending !== undefined) {
          if (ending === null) {
            this.#done = true;
            await this.#body?.cancel().catch(() => undefined);
            this.#exchange?.close(false);
            return { value: undefined, done: true };
          }
          this.#close(ending.finished);
          throw ending.error;
        }
        await this.#fill();
      }
    } catch (error) {
      this.#close(false);
      throw error;
    }
  }

  /** Reads one chunk of the body and decodes the frames it completes. */
  async #fill(): Promise<void> {
    if (this.#body === undefined) {
      const exchange = await this.#open();
      this.#exchange = exchange;
      if (exchange.response.body === null) {
        throw clientFailure("stream_broken", "the stream answer has no body", exchange.requestId);
      }
      this.#body = nodeChunks(exchange.response) ?? exchange.response.body.getReader();
      this.#parser = new EventStreamParser(this.#maxFrameBytes, exchange.requestId, this.#typed);
    }
    const exchange = this.#exchange as StreamExchange;
    const parser = this.#parser as EventStreamParser;
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await this.#body.read();
    } catch (error) {
      throw exchange.failure(error);
    }
    // An unterminated frame at the end is dropped, as the SSE rules say: it may be cut short.
    this.#chunks.feed(parser, chunk, this.#handler);
    if (this.#ending !== undefined) {
      return;
    }
    const requestId = exchange.requestId;
    if (parser.failure !== null) {
      this.#ending = { error: parser.failure, finished: false }; // after the frames completed before it
    } else if (chunk.done) {
      this.#ending = { error: clientFailure("stream_broken", "the stream closed before its end event", requestId), finished: true };
    }
  }

  /**
   * A frame other than an item the typed parser read: an item read the general way, or what ends the
   * stream (which stops the parsing). False once the stream ends.
   */
  #frame(frame: EventFrame): boolean {
    const requestId = this.#exchange?.requestId;
    try {
      if (frame.event === "item") {
        const index = this.#before + this.#items.length;
        this.#items.push(readWith(this.#read, parseJson(frame.data, requestId, this.#exactDigits), requestId, "item", index));
      } else if (frame.event === "error") {
        this.#ending = { error: problemFrom(parseJson(frame.data, requestId), STREAM_ERROR_STATUS, requestId), finished: true };
      } else if (frame.event === "end") {
        this.#ending = null;
      }
    } catch (error) {
      this.#ending = { error, finished: false };
    }
    return this.#ending === undefined;
  }

  /** Ends the stream; a request not `finished` by the server is aborted. */
  #close(finished: boolean): void {
    if (this.#done) return;
    this.#done = true;
    this.#items.length = 0;
    this.#at = 0;
    this.#exchange?.close(!finished);
  }
}
