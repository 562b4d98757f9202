// The text/event-stream reader of stream results and shared stream connections (docs/PROTOCOL.md §4).

import { clientFailure, PotoError } from "./poto-errors.js";
import { DECLINED, JsonCursor, Literal, type TypedParser } from "./poto-typed-json.js";

export interface EventFrame {
  event: string;
  data: string;
  /** The `stream` field: which stream of a shared connection the frame belongs to. */
  stream?: string;
}

/** Receives what {@link EventStreamParser.feed} finds, in stream order. */
export interface FrameHandler {
  /**
   * The value of an `item` frame, read by a typed parser; `route`: on a shared connection, the route of
   * the stream the frame names (undefined on a stream's own request).
   */
  item(value: unknown, route: TypedRoute | undefined): void;
  /** Any other frame (an item the typed parser declined, too); false stops the parsing. */
  frame(frame: EventFrame): boolean;
}

/** A stream of a shared connection whose items a typed parser reads: the parser (and, to its handler, where they go). */
export interface TypedRoute {
  readonly typed: TypedParser;
}

/**
 * The routes of a shared connection's streams: that of the stream named, or undefined (its items, a
 * stream of another tab's say, are then read the general way, as frames).
 */
export type TypedRoutes = (stream: string) => TypedRoute | undefined;

/** How the server starts an item's frame; the JSON that follows runs to the end of the line. */
const ITEM_TEXT = "event: item\ndata: ";
const ITEM_START = new Literal(ITEM_TEXT);
/** How the server starts every frame of a shared connection's stream: its id follows, then a line feed. */
const STREAM_START = new Literal("stream: ");
/** What the shared connection's typed reading returns for a frame it leaves to the line-by-line reading. */
const NOT_TAKEN = -2;
/** The longest stream id (docs/PROTOCOL.md §4a): a longer one is no id the client made. */
const MAX_STREAM_ID = 64;

/** Node's (and Bun's) `Buffer`, where there is one. */
const NodeBuffer = (globalThis as { Buffer?: {
  from(buffer: ArrayBufferLike, offset: number, length: number): { toString(encoding: "latin1"): string };
  byteLength(text: string, encoding: "utf8"): number;
} }).Buffer;

/**
 * The text of `bytes` if they are all ASCII and the runtime has a `Buffer`, else undefined (decode them
 * with the stream's TextDecoder). ASCII decodes the same as Latin-1 and as UTF-8, and Node's Buffer
 * does both passes (decoding, then counting UTF-8 bytes: as many as characters only for ASCII) several
 * times faster than its TextDecoder. Only for a decoder holding no bytes of an earlier chunk.
 */
export function asciiText(bytes: Uint8Array): string | undefined {
  if (NodeBuffer === undefined) return undefined;
  const text = NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return NodeBuffer.byteLength(text, "utf8") === text.length ? text : undefined;
}

/**
 * Whether a streaming UTF-8 decoder that has just decoded `bytes` holds none of them back: they do not
 * end inside a character. Conservative: true only when the last character is whole (its lead byte and
 * all the continuation bytes it announces) or the last byte is ASCII; a decoder holds bytes back only
 * when they may begin a character, which starts with a lead byte that announces more than follow it.
 */
export function endsWhole(bytes: Uint8Array): boolean {
  const length = bytes.length;
  if (length === 0) return true;
  // The last byte that is not a continuation byte (10xxxxxx), among the last four.
  let at = length - 1;
  while (at > 0 && at > length - 4 && ((bytes[at] as number) & 0xc0) === 0x80) at--;
  const lead = bytes[at] as number;
  const needs = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  // A continuation byte without its lead in reach, or a lead byte missing some of its bytes: not whole.
  return needs !== 0 && length - at >= needs;
}

/**
 * Turns the chunks read from an event stream's body into text for {@link EventStreamParser.feed}: an
 * ASCII chunk (the usual one) with its bytes, so that the typed parser reads them, and any other through
 * the stream's TextDecoder, which keeps a character split between chunks whole. After a chunk that ends
 * with a whole character, the next one is checked for ASCII again: one character of another script
 * does not slow down the rest of a long-lived connection.
 */
export class EventChunks {
  readonly #decoder = new TextDecoder();
  /** Whether the decoder holds no bytes of the chunks before (so an ASCII chunk needs no decoder). */
  #aligned = true;

  /** Feeds one chunk read from the body (or its end, which ends an unfinished frame) to `parser`. */
  feed(parser: EventStreamParser, chunk: ReadableStreamReadResult<Uint8Array>, handler: FrameHandler): void {
    if (chunk.done) {
      parser.feed(this.#decoder.decode(), this.#aligned, handler);
      return;
    }
    const bytes = chunk.value;
    const ascii = this.#aligned ? asciiText(bytes) : undefined;
    if (ascii !== undefined) {
      parser.feed(ascii, true, handler, bytes);
      return;
    }
    const text = this.#decoder.decode(bytes, { stream: true });
    // As many units as bytes, with nothing held back before: all ASCII (a runtime without a Buffer).
    const whole = this.#aligned && text.length === bytes.byteLength;
    this.#aligned = whole || endsWhole(bytes);
    parser.feed(text, whole, handler, whole ? bytes : undefined);
  }
}

/**
 * Splits `text/event-stream` text into frames; comments (`: ping`) are dropped. A frame (all its lines,
 * comments and line endings, counted in UTF-8 bytes) larger than `maxFrameBytes` sets `failure`
 * (`frame_too_large`), also while its last line is still arriving; the frames completed before it are
 * still returned, and nothing after it is parsed.
 *
 * Lines are found with `indexOf` from a moving position, and a line's text is cut out only when it is
 * a value the frame keeps: no regular expression, and no copy of the rest of the chunk per line. The
 * unfinished last line is the only text carried over to the next chunk. With a typed parser, a frame
 * in the server's own form (`event: item`, one `data:` line, a blank line) that lies whole in an ASCII
 * chunk is read in the same pass: its JSON straight from the chunk's bytes into the item, with no line
 * cut out (see poto-typed-json.ts). Other chunks, and frames split between chunks, take the general way.
 * On a shared connection the same holds for a frame in the server's form of a stream's item there
 * (`stream: <id>`, then as above), with the typed parser of the stream it names.
 */
export class EventStreamParser {
  /** The unfinished last line of the previous chunks. */
  #rest = "";
  /** UTF-8 bytes in #rest. */
  #restBytes = 0;
  /** UTF-8 bytes of the current frame's lines already consumed. */
  #frameBytes = 0;
  #event = "";
  #data: string | undefined;
  /** The second and later data lines of the frame, when there are any (rare). */
  #moreData: string[] | undefined;
  #stream: string | undefined;
  readonly #maxFrameBytes: number;
  readonly #requestId: string | undefined;
  readonly #typed: TypedParser | undefined;
  readonly #routes: TypedRoutes | undefined;
  /**
   * How the last item frame seen on a shared connection starts (`stream: <id>\nevent: item\ndata: `), and
   * its stream's route (undefined: none): the next item is most often of the same stream.
   */
  #lastHead: Literal | undefined;
  #lastRoute: TypedRoute | undefined;
  readonly #cursor = new JsonCursor();
  failure: PotoError | null = null;

  /**
   * `typed`: the parser of the items' type (see {@link feed}), if it has one. `routes`: on a shared
   * connection, the parsers of its streams' items instead.
   */
  constructor(maxFrameBytes: number, requestId?: string, typed?: TypedParser, routes?: TypedRoutes) {
    this.#maxFrameBytes = maxFrameBytes;
    this.#requestId = requestId;
    this.#typed = typed;
    this.#routes = routes;
  }

  /** Parses the next piece of the stream (as {@link feed} does) and returns its frames; no typed parser. */
  push(text: string, ascii = false): EventFrame[] {
    if (this.#typed !== undefined || this.#routes !== undefined) throw new Error("a parser with a typed parser is fed, not pushed");
    const frames: EventFrame[] = [];
    this.feed(text, ascii, { item: () => undefined, frame: (frame) => frames.push(frame) > 0 });
    return frames;
  }

  /**
   * Parses the next piece of the stream. `ascii`: the caller knows `text` is all ASCII (it decoded as
   * many UTF-16 units as it had bytes, nothing held back), so its UTF-8 length is its length and the
   * frame sizes need no character count. `bytes`: the bytes `text` decoded from, given only when
   * `ascii`; the typed parser reads items from them. The frames go to `handler` in stream order: items
   * the typed parser read as values, all others (items it declined included) as frames.
   */
  feed(text: string, ascii: boolean, handler: FrameHandler, bytes?: Uint8Array): void {
    if (this.failure !== null) {
      return;
    }
    let from = 0;
    if (this.#rest !== "") {
      // The carried line ends at the chunk's first line ending, or the chunk only adds to it. That line is
      // parsed on its own, so the rest of the chunk is read as the flat string it is (the two joined
      // would be a rope, slower to read character by character).
      const lineEnd = firstLineEnd(text);
      if (lineEnd === -1) {
        this.#rest += text;
        this.#restBytes += ascii ? text.length : utf8Length(text, 0, text.length);
        this.#checkSize(this.#restBytes); // all of #rest is the unfinished line
        return;
      }
      const carried = this.#rest;
      const head = carried + text.slice(0, lineEnd);
      this.#rest = "";
      this.#restBytes = 0;
      if (this.#parse(head, 0, ascii ? carried.length : head.length, handler, true, false) === -1) {
        return;
      }
      from = lineEnd; // head ended with a line ending: nothing of it is left
    }
    const typed = ascii && bytes !== undefined && (this.#typed !== undefined || this.#routes !== undefined)
      && bytes.length === text.length;
    if (typed) {
      this.#cursor.reset(bytes, text);
    }
    const position = this.#parse(text, from, ascii ? 0 : text.length, handler, false, typed);
    if (position === -1) {
      return;
    }
    this.#rest = position === text.length ? "" : text.slice(position);
    this.#restBytes = ascii ? text.length - position : utf8Length(text, position, text.length);
    this.#checkSize(this.#restBytes); // all of #rest is the unfinished line
  }

  /**
   * Parses the lines of `buffer` from `position`; ASCII from `asciiFrom` on (before it, sizes are
   * counted character by character). `endsLine`: a \r at the end is known to end a line. `typed`: the
   * cursor holds `buffer`'s bytes, for the typed parser. Returns where the unfinished last line starts,
   * or -1 when the handler stopped the parsing or a frame is too large.
   */
  #parse(buffer: string, position: number, asciiFrom: number, handler: FrameHandler, endsLine: boolean,
      typed: boolean): number {
    const length = buffer.length;
    let nextLineFeed = buffer.indexOf("\n", position);
    let nextReturn = buffer.indexOf("\r", position);
    const parser = this.#typed as TypedParser;
    const cursor = this.#cursor;
    while (position < length) {
      if (typed && this.#frameBytes === 0) {
        if (this.#routes === undefined) {
          if (ITEM_START.at(cursor, position)) {
            cursor.at = position + ITEM_START.length;
            const value = readTyped(parser, cursor);
            const end = cursor.at;
            const bytes = cursor.bytes;
            if (value !== DECLINED && bytes[end] === 10 && bytes[end + 1] === 10) {
              const frameEnd = end + 2;
              // The whole buffer is ASCII here: a frame's size in bytes is its length.
              if (!this.#checkSize(frameEnd - position)) {
                return -1;
              }
              handler.item(value, undefined);
              position = frameEnd;
              continue;
            }
          }
        } else {
          const frameEnd = this.#routedItem(position, handler);
          if (frameEnd === -1) {
            return -1;
          }
          if (frameEnd !== NOT_TAKEN) {
            position = frameEnd;
            continue;
          }
        }
        // Declined, not complete yet, or not an item of a stream with a typed parser: read line by line below.
      }
      if (nextLineFeed !== -1 && nextLineFeed < position) nextLineFeed = buffer.indexOf("\n", position);
      if (nextReturn !== -1 && nextReturn < position) nextReturn = buffer.indexOf("\r", position);
      const end = nextReturn === -1 ? nextLineFeed : nextLineFeed === -1 ? nextReturn : Math.min(nextLineFeed, nextReturn);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (end === -1 || (end === nextReturn && end === length - 1 && !endsLine)) {
        break;
      }
      const ending = end === nextReturn && buffer.charCodeAt(end + 1) === 10 ? 2 : 1;
      const lineBytes = (position >= asciiFrom ? end - position
        : utf8Length(buffer, position, Math.min(end, asciiFrom)) + Math.max(0, end - asciiFrom)) + ending;
      if (!this.#checkSize(lineBytes)) {
        return -1;
      }
      this.#frameBytes += lineBytes;
      if (end === position) {
        if (!this.#dispatch(handler)) {
          return -1;
        }
      } else if (buffer.charCodeAt(position) !== 58 /* ":" a comment */) {
        this.#field(buffer, position, end);
      }
      position = end + ending;
    }
    return position;
  }

  /**
   * On a shared connection: reads the item frame at `position` with its stream's typed parser and hands
   * it to `handler` with the stream's route, returning where the frame ends; -1 when the frame is too
   * large; NOT_TAKEN when it is no item frame of a stream with a route, lies not whole in the buffer, or
   * its item is declined (it is then read line by line).
   */
  #routedItem(position: number, handler: FrameHandler): number {
    const data = this.#routedData(position);
    if (data === -1) return NOT_TAKEN;
    const cursor = this.#cursor;
    const route = this.#lastRoute as TypedRoute;
    cursor.at = data;
    const value = readTyped(route.typed, cursor);
    const end = cursor.at;
    const bytes = cursor.bytes;
    if (value === DECLINED || bytes[end] !== 10 || bytes[end + 1] !== 10) return NOT_TAKEN;
    const frameEnd = end + 2;
    if (!this.#checkSize(frameEnd - position)) return -1; // all ASCII: its size in bytes is its length
    handler.item(value, route);
    return frameEnd;
  }

  /**
   * Where the JSON of an item frame of a stream with a route starts, if that frame starts at `position`
   * (its route then in #lastRoute); else -1. A frame of the same stream as the last one is recognized by
   * comparing its whole start as words, so a run of one stream's items cuts no string and looks nothing up.
   */
  #routedData(position: number): number {
    const cursor = this.#cursor;
    const head = this.#lastHead;
    if (head !== undefined && head.at(cursor, position)) {
      return this.#lastRoute === undefined ? -1 : position + head.length;
    }
    if (!STREAM_START.at(cursor, position)) return -1;
    const bytes = cursor.bytes;
    const start = position + STREAM_START.length;
    const limit = Math.min(bytes.length, start + MAX_STREAM_ID + 1);
    let end = start;
    while (end < limit && bytes[end] !== 10) end++;
    if (end === limit || end === start || !ITEM_START.at(cursor, end + 1)) return -1; // not an item frame whole here
    const stream = cursor.text.slice(start, end); // ASCII, as the whole chunk
    this.#lastHead = new Literal(`stream: ${stream}\n${ITEM_TEXT}`);
    this.#lastRoute = (this.#routes as TypedRoutes)(stream);
    return this.#lastRoute === undefined ? -1 : end + 1 + ITEM_START.length;
  }

  /**
   * A blank line: the frame is complete (a frame of comments only is a heartbeat, and no frame); false
   * when the handler stops the parsing.
   */
  #dispatch(handler: FrameHandler): boolean {
    let more = true;
    if (this.#data !== undefined || this.#event !== "") {
      let data = this.#data ?? "";
      if (this.#moreData !== undefined) {
        data = [data, ...this.#moreData].join("\n");
      }
      const frame: EventFrame = { event: this.#event || "message", data };
      if (this.#stream !== undefined) frame.stream = this.#stream;
      more = handler.frame(frame);
    }
    this.#event = "";
    this.#data = undefined;
    this.#moreData = undefined;
    this.#frameBytes = 0;
    this.#stream = undefined;
    return more;
  }

  /** One `field: value` line in `buffer[start, end)`; unknown fields are skipped. */
  #field(buffer: string, start: number, end: number): void {
    if (isField(buffer, start, end, "data")) {
      const value = fieldValue(buffer, start + 4, end);
      if (this.#data === undefined) {
        this.#data = value;
      } else {
        (this.#moreData ??= []).push(value);
      }
    } else if (isField(buffer, start, end, "event")) {
      // The names Poto sends are constants: no string is cut for them.
      this.#event = isValue(buffer, start + 5, end, "item") ? "item" : fieldValue(buffer, start + 5, end);
    } else if (isField(buffer, start, end, "stream")) {
      this.#stream = fieldValue(buffer, start + 6, end);
    }
  }

  /** False (and `failure` set, the carried text dropped) when the frame would grow past the maximum. */
  #checkSize(moreBytes: number): boolean {
    if (this.#frameBytes + moreBytes <= this.#maxFrameBytes) {
      return true;
    }
    this.failure = clientFailure("frame_too_large", 
      `an event-stream frame is larger than the client's maximum of ${this.#maxFrameBytes} bytes`, this.#requestId);
    this.#rest = "";
    this.#restBytes = 0;
    return false;
  }
}

/**
 * The typed parser's value, or DECLINED also when it throws (the stack overflows on a recursive type
 * nested very deep, say): the general way then reads that item and reports what it finds.
 */
function readTyped(typed: TypedParser, cursor: JsonCursor): unknown {
  try {
    return typed(cursor);
  } catch {
    return DECLINED;
  }
}

/**
 * Just past the first line ending of `text` (\n, \r\n or \r); -1 when it has none, or only a \r at its end
 * (which may be the first half of \r\n).
 */
function firstLineEnd(text: string): number {
  const lineFeed = text.indexOf("\n");
  const carriage = text.indexOf("\r");
  if (carriage === -1 || (lineFeed !== -1 && lineFeed < carriage)) return lineFeed === -1 ? -1 : lineFeed + 1;
  if (carriage === text.length - 1) return -1;
  return text.charCodeAt(carriage + 1) === 10 ? carriage + 2 : carriage + 1;
}

/** The line `buffer[start, end)` is the field `name`: the name, then a colon or the end of the line. */
function isField(buffer: string, start: number, end: number, name: string): boolean {
  const after = start + name.length;
  return after <= end && buffer.startsWith(name, start) && (after === end || buffer.charCodeAt(after) === 58);
}

/** The value after a field name ending at `nameEnd`: past the colon and one optional space. */
function fieldValue(buffer: string, nameEnd: number, end: number): string {
  let start = nameEnd + 1; // past the colon (a line without one has an empty value)
  if (start < end && buffer.charCodeAt(start) === 32) start++;
  return start >= end ? "" : buffer.slice(start, end);
}

/** Whether the field value after `nameEnd` is exactly `expected`. */
function isValue(buffer: string, nameEnd: number, end: number, expected: string): boolean {
  let start = nameEnd + 1;
  if (start < end && buffer.charCodeAt(start) === 32) start++;
  return end - start === expected.length && buffer.startsWith(expected, start);
}

/**
 * The UTF-8 length of `text[start, end)` without encoding it (a lone surrogate counts as U+FFFD, 3
 * bytes).
 */
function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end
        && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      bytes += 4;
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}
