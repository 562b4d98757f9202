// Uploads (docs/PROTOCOL.md §1a): a method's upload is the request body, its other arguments travel as
// ASCII JSON in the Poto-Args header, a File's name in Poto-Upload-Name.

import { clientFailure } from "./poto-errors.js";

/**
 * What an upload parameter takes: a `Blob` or `File` (sent with its length and type; a File's name
 * travels too), bytes in memory, or a `ReadableStream` of bytes, streamed as it is read. A stream can
 * be sent once: a call that would have to be repeated (a renewed login) fails with the renewal's error
 * instead. Browsers stream request bodies only over HTTP/2 and later; send a Blob over HTTP/1.1.
 */
export type UploadSource = Blob | Uint8Array | ReadableStream<Uint8Array>;

/** The media type of bytes of no particular type, as the server assumes when none is sent. */
const OCTET_STREAM = "application/octet-stream";

/** An upload ready to send: the body, the headers that describe it, and whether it can be sent again. */
export interface UploadBody {
  readonly body: Blob | Uint8Array | ReadableStream<Uint8Array>;
  readonly contentType: string;
  /** The file name, percent-encoded, or undefined. */
  readonly fileName: string | undefined;
  readonly repeatable: boolean;
}

/** Checks the source of the upload argument `name` and describes how it is sent. */
export function uploadBody(source: unknown, name: string): UploadBody {
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    const fileName = typeof File !== "undefined" && source instanceof File && source.name !== ""
      ? encodeFileName(source.name) : undefined;
    return { body: source, contentType: source.type === "" ? OCTET_STREAM : source.type, fileName, repeatable: true };
  }
  if (source instanceof Uint8Array) {
    return { body: source, contentType: OCTET_STREAM, fileName: undefined, repeatable: true };
  }
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    if (source.locked) {
      throw clientFailure("invalid_argument", `the upload '${name}' is a stream that is already being read`);
    }
    return { body: source, contentType: OCTET_STREAM, fileName: undefined, repeatable: false };
  }
  throw clientFailure("invalid_argument",
    `the upload '${name}' must be a Blob, File, Uint8Array or ReadableStream, got ${source === null ? "null" : typeof source}`);
}

/** The protocol's limit on a file name, in UTF-16 code units as Java counts characters. */
const MAX_FILE_NAME = 255;

/** Percent-encoded UTF-8; a name the server would refuse is refused here, before anything is sent. */
function encodeFileName(name: string): string {
  if (name.length > MAX_FILE_NAME) {
    throw clientFailure("invalid_argument", `the file name has ${name.length} characters; at most ${MAX_FILE_NAME} can be sent`);
  }
  try {
    return encodeURIComponent(name);
  } catch (error) {
    // a lone surrogate has no UTF-8 form
    throw clientFailure("invalid_argument", "the file name is not valid Unicode", undefined, { cause: error });
  }
}

/** JSON text in ASCII: every other character as a `\uXXXX` escape, so that it can travel in a header. */
export function asciiJson(json: string): string {
  return json.replace(/[^\x20-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
