// Poto's TypeScript client runtime: transport, login, errors, streams and value codecs for the
// generated module clients. No dependencies; runs in browsers and Node 20+ (fetch, ReadableStream).
// Wire protocol: docs/PROTOCOL.md. Value representation: docs/TYPES.md.
// This module is the runtime's public surface; each part lives in a poto-*.ts module of its own, which
// a browser loads next to this one (no bundler needed).

export { type CallOptions, DEFAULT_MAX_FRAME_BYTES, PotoClient, type PotoClientOptions, type StreamTransport } from "./poto-client.js";
export { type CallCodecs, type Codec, type DeclaredErrorCodec, encodeValue, type JsonObject, type JsonValue, parseJsonExactly, type ScalarCodec,
  writeJson } from "./poto-codecs.js";
export { decodeValue, SCALAR_CODECS } from "./poto-readers.js";
export { declaredError } from "./poto-declared-errors.js";
export { CLIENT_FAILURE_STATUS, PotoError, type PotoErrorCode, type ProblemCode } from "./poto-errors.js";
export type { Interceptor, PotoNext, PotoRequest } from "./poto-interceptors.js";
export { LocalStorageTokenStore, MemoryTokenStore, type PotoSession, type TokenStore } from "./poto-tokens.js";
export type { UploadSource } from "./poto-uploads.js";
