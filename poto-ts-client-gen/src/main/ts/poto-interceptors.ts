// Interceptors: code that wraps every request the client sends (in the manner of connect-es).

/** One HTTP request of the client, as interceptors see it. */
export interface PotoRequest {
  /** `module.method` for a call; the client's own requests name their path: `_auth/visitor`, `_streams`... */
  readonly procedure: string;
  readonly url: string;
  /** Every header of the request, the protocol's own included; an interceptor may add or change them. */
  readonly header: Headers;
  /** The JSON body; for an upload call, the upload's bytes (docs/PROTOCOL.md §1a). */
  readonly body: string | Blob | Uint8Array | ReadableStream<Uint8Array>;
  /** Aborted when the caller cancels or the deadline passes. */
  readonly signal: AbortSignal;
}

/** Sends a request and resolves to its answer, whatever its status; rejects only when there is none. */
export type PotoNext = (request: PotoRequest) => Promise<Response>;

/**
 * Wraps the sending of a request: e.g.
 * `(next) => async (req) => { req.header.set("Authorization", `Bearer ${await idp.token()}`); return next(req); }`.
 */
export type Interceptor = (next: PotoNext) => PotoNext;
