// The text/event-stream reader of stream results and shared stream connections (docs/PROTOCOL.md §4).

import { PotoError } from "./poto-errors.js";

export interface EventFrame {
  event: string;
  data: string;
  /** The `stream` field: which stream of a shared connection the frame belongs to. */
  stream?: string;
}

/**
 * Splits `text/event-stream` text into frames; comments (`: ping`) are dropped. A frame (all its lines,
 * comments and line endings, counted in UTF-8 bytes) larger than `maxFrameBytes` sets `failure`
 * (`frame_too_large`), also while its last line is still arriving; the frames completed before it are
 * still returned, and nothing after it is parsed.
 */
export class EventStreamParser {
  #buffer = "";
  /** UTF-8 bytes in #buffer. */
  #bufferBytes = 0;
  /** UTF-8 bytes of the current frame's lines already taken from #buffer. */
  #frameBytes = 0;
  #event = "";
  #data: string[] = [];
  readonly #maxFrameBytes: number;
  readonly #requestId: string | undefined;
  failure: PotoError | null = null;

  constructor(maxFrameBytes: number, requestId?: string) {
    this.#maxFrameBytes = maxFrameBytes;
    this.#requestId = requestId;
  }
  #stream: string | undefined;

  push(text: string): EventFrame[] {
    if (this.failure !== null) {
      return [];
    }
    this.#buffer += text;
    this.#bufferBytes += utf8Length(text);
    const frames: EventFrame[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.#buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (match === null || (match[0] === "\r" && match.index === this.#buffer.length - 1)) {
        this.#checkSize(this.#bufferBytes); // all of #buffer is the unfinished line
        break;
      }
      const line = this.#buffer.slice(0, match.index);
      const lineBytes = utf8Length(line) + match[0].length;
      if (!this.#checkSize(lineBytes)) {
        break;
      }
      this.#frameBytes += lineBytes;
      this.#bufferBytes -= lineBytes;
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      if (line === "") {
        if (this.#data.length > 0 || this.#event !== "") {
          const frame: EventFrame = { event: this.#event || "message", data: this.#data.join("\n") };
          if (this.#stream !== undefined) frame.stream = this.#stream;
          frames.push(frame);
        }
        this.#event = "";
        this.#data = [];
        this.#frameBytes = 0;
        this.#stream = undefined;
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) {
          value = value.slice(1);
        }
        if (field === "event") {
          this.#event = value;
        } else if (field === "data") {
          this.#data.push(value);
        } else if (field === "stream") {
          this.#stream = value;
        }
      }
    }
    return frames;
  }

  /** False (and `failure` set, the buffer dropped) when the frame would grow past the maximum. */
  #checkSize(moreBytes: number): boolean {
    if (this.#frameBytes + moreBytes <= this.#maxFrameBytes) {
      return true;
    }
    this.failure = new PotoError(0, "frame_too_large",
      `an event-stream frame is larger than the client's maximum of ${this.#maxFrameBytes} bytes`, this.#requestId);
    this.#buffer = "";
    return false;
  }
}

/** The UTF-8 length of `text` without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length
        && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      bytes += 4;
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}
