// The connection to one Poto server: calls, logins, streams. Wire protocol: docs/PROTOCOL.md.

import { type Args, type CallCodecs, encodeArguments, parseJson, writeJson } from "./poto-codecs.js";
import { decodeValue, readerFor } from "./poto-readers.js";
import { parseIsoDateTime } from "./poto-dates.js";
import { type DeclaringCall, declaredErrorReader } from "./poto-declared-errors.js";
import { clientFailure, PotoError, readProblem } from "./poto-errors.js";
import { DirectStream } from "./poto-direct-stream.js";
import { nodeSend, nodeSends } from "./poto-node-http.js";
import { typedParserFor } from "./poto-typed-json.js";
import type { Interceptor, PotoNext } from "./poto-interceptors.js";
import { type ConnectionHub, PageConnection, SharedStream, TabsHub } from "./poto-shared-streams.js";
import { MemoryTokenStore, type PotoSession, type TokenStore } from "./poto-tokens.js";
import { asciiJson, type UploadBody, uploadBody } from "./poto-uploads.js";

/** Per-call options; every generated method takes them as its optional last argument. */
export interface CallOptions {
  /** Aborting it cancels the call, on the server too (the connection is closed). */
  signal?: AbortSignal;
  /** A deadline: sent as `Poto-Timeout-Ms`, and the call is abandoned locally when it passes. */
  timeoutMs?: number;
  /** Extra request headers for this call; the protocol's own (Authorization, Poto-*, Content-Type...) cannot be set. */
  headers?: Record<string, string>;
}

export interface PotoClientOptions {
  /** Origin (and path) of the server; default: the page's own origin. */
  baseUrl?: string;
  /** The Poto route prefix; default `/poto`. */
  prefix?: string;
  tokenStore?: TokenStore;
  /** Sent with every request so cookie sessions work; default `include`. */
  credentials?: RequestCredentials;
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch;
  /**
   * The largest event-stream frame (an item's JSON plus its framing, in UTF-8 bytes) a stream may
   * deliver; default `DEFAULT_MAX_FRAME_BYTES` (16 MiB). A larger one fails the stream with
   * `frame_too_large` instead of growing the page's memory without limit.
   */
  maxFrameBytes?: number;
  /**
   * Extra headers for every call, computed right before it is sent: e.g. the W3C trace context of
   * the active span, `() => { const h = {}; propagation.inject(context.active(), h); return h; }`.
   * A call's own `headers` option wins; the protocol's headers cannot be set.
   */
  headers?: () => Record<string, string>;
  /**
   * Wrap every request the client sends, in the manner of connect-es: each gets the next step and
   * returns its own; the first is outermost. One may add or change headers (an external identity
   * provider's `Authorization: Bearer ...`, for instance) before calling `next`, and observe the answer,
   * whatever its status, after it. Error answers become PotoErrors only after the interceptors.
   */
  interceptors?: readonly Interceptor[];
}

/** The default of `PotoClientOptions.maxFrameBytes`: 16 MiB, as in the Java client. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface PotoClientOptions {
  /**
   * How stream results travel (docs/PROTOCOL.md §4a). `"shared"`: all streams of the browser's tabs
   * for one user over one shared connection (tabs agree through BroadcastChannel and Web Locks; where
   * those are missing, one connection per client object); `"page"`: one shared connection per client
   * object; `"direct"`: one request per stream. Default: `"shared"` in a browser page, `"direct"`
   * elsewhere (Node has no per-host connection limit). Browsers open at most six HTTP/1.1 connections
   * per host and a direct stream holds one, so pages with several live streams need sharing.
   */
  streams?: StreamTransport;
}

/** See {@link PotoClientOptions.streams}. */
export type StreamTransport = "shared" | "page" | "direct";

const REQUEST_ID_HEADER = "Poto-Request-Id";
/** Headers the client sets itself; `headers` options may not (lower case). */
const RESERVED_HEADERS = new Set([
  "authorization", "poto-timeout-ms", "poto-request-id", "content-type", "accept", "content-length", "host",
  "connection", "cookie", "poto-stream-connection", "poto-stream-id", "poto-args", "poto-upload-name",
]);
const TIMEOUT_HEADER = "Poto-Timeout-Ms";
const STREAM_CONNECTION_HEADER = "Poto-Stream-Connection";
const STREAM_ID_HEADER = "Poto-Stream-Id";
const ARGS_HEADER = "Poto-Args";
const UPLOAD_NAME_HEADER = "Poto-Upload-Name";

/** What a request sends: JSON text, or an upload with its other arguments (docs/PROTOCOL.md §1a). */
type RequestBody = string | { readonly upload: UploadBody; readonly args: string };

/** One request in flight: its response, and the cleanup of its timer and abort wiring. */
export interface Exchange {
  readonly response: Response;
  readonly requestId: string | undefined;
  /** Maps an error thrown while reading the body to the PotoError the caller should see. */
  failure(error: unknown): PotoError;
  /** Stops the timer and unhooks the caller's signal; with `abort`, also closes the connection. */
  close(abort: boolean): void;
}

/** The connection to one Poto server, shared by all generated module clients. */
export class PotoClient {
  readonly #root: string;
  readonly #store: TokenStore;
  readonly #credentials: RequestCredentials;
  readonly #fetch: typeof fetch;
  readonly #maxFrameBytes: number;
  readonly #headers: (() => Record<string, string>) | undefined;
  /** Sends one request through the interceptors, the first one outermost. */
  readonly #transport: PotoNext;
  readonly #streams: StreamTransport;
  #visitorRenewal: Promise<PotoSession> | null = null;
  /** The shared stream connection of the current user, made on the first stream. */
  #hub: { readonly user: string; readonly hub: ConnectionHub } | null = null;
  #loginRefresh: Promise<boolean> | null = null;

  constructor(options: PotoClientOptions = {}) {
    const base = (options.baseUrl ?? "").replace(/\/+$/, "");
    const prefix = options.prefix ?? "/poto";
    this.#root = base + (prefix === "" || prefix.startsWith("/") ? prefix : "/" + prefix).replace(/\/+$/, "");
    this.#store = options.tokenStore ?? new MemoryTokenStore();
    this.#credentials = options.credentials ?? "include";
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const viaNode = options.fetch === undefined; // event streams through node:http where it is Node (see poto-node-http.ts)
    this.#fetch = (input, init) => fetchImpl(input, init); // unbound window.fetch throws in browsers
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!(this.#maxFrameBytes >= 1)) {
      throw new RangeError(`maxFrameBytes must be positive, was ${options.maxFrameBytes}`);
    }
    this.#headers = options.headers;
    const send: PotoNext = (request) => viaNode && nodeSends(request.header, request.body)
      ? nodeSend(request.url, request.header, request.body as string, request.signal) : this.#fetch(request.url, {
      method: "POST", headers: request.header, body: request.body, signal: request.signal, credentials: this.#credentials,
      // A stream body goes out as it is read (fetch requires saying so); other bodies have a length.
      ...(typeof ReadableStream !== "undefined" && request.body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
    this.#transport = (options.interceptors ?? []).reduceRight<PotoNext>((next, interceptor) => interceptor(next), send);
    this.#streams = options.streams ?? (typeof document !== "undefined" ? "shared" : "direct");
  }

  /** The current login, or null. */
  get session(): PotoSession | null {
    return this.#store.load();
  }

  /** Gets a visitor token (roles `["visitor"]`, no password) and uses it from now on. */
  async loginAsVisitor(opts?: CallOptions): Promise<PotoSession> {
    return this.#authenticate("/_auth/visitor", {}, true, opts);
  }

  /** Logs a user in; a wrong name or password throws PotoError `invalid_credentials`. */
  async login(username: string, password: string, opts?: CallOptions): Promise<PotoSession> {
    return this.#authenticate("/_auth/login", { username, password }, false, opts);
  }

  /**
   * Forgets the session locally (at once) and, for a login with a refresh token, revokes that token on
   * the server; the promise rejects with a PotoError if the server could not be told.
   */
  async logout(opts?: CallOptions): Promise<void> {
    const session = this.#store.load();
    this.#store.save(null);
    if (session?.refreshToken !== undefined) {
      const body = JSON.stringify({ refreshToken: session.refreshToken });
      const exchange = await this.#post("/_auth/logout", body, "application/json", opts, false);
      exchange.close(false);
    }
  }

  /**
   * Closes this client's shared stream connection, if it opened one: streams still open on it end
   * (on the server too). A page need not call it (closing the page closes the connection); a program
   * that made shared streams calls it so that it can exit. The client stays usable.
   */
  close(): void {
    this.#hub?.hub.close();
    this.#hub = null;
  }

  /** A unary call: resolves to the decoded JSON result, or undefined for a void method (204). */
  async call<T>(module: string, method: string, args: Args, opts?: CallOptions, codecs?: CallCodecs): Promise<T> {
    const exchange = await this.#send(module, method, args, opts, codecs, "application/json");
    try {
      if (exchange.response.status === 204) {
        return undefined as T;
      }
      const text = await exchange.response.text();
      return decodeValue(codecs?.result, parseJson(text, exchange.requestId, codecs?.exactDigits), exchange.requestId) as T;
    } catch (error) {
      throw exchange.failure(error);
    } finally {
      exchange.close(false);
    }
  }

  /** A `byte[]` result. */
  async bytes(module: string, method: string, args: Args, opts?: CallOptions, codecs?: CallCodecs): Promise<Uint8Array> {
    const exchange = await this.#send(module, method, args, opts, codecs, "application/octet-stream");
    try {
      return new Uint8Array(await exchange.response.arrayBuffer());
    } catch (error) {
      throw exchange.failure(error);
    } finally {
      exchange.close(false);
    }
  }

  /** An `InputStream` result, streamed; the deadline, if any, covers reading it to the end. */
  async binaryStream(
    module: string, method: string, args: Args, opts?: CallOptions, codecs?: CallCodecs,
  ): Promise<ReadableStream<Uint8Array>> {
    const exchange = await this.#send(module, method, args, opts, codecs, "application/octet-stream");
    const body = exchange.response.body;
    if (body === null) {
      exchange.close(false);
      return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    }
    return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => exchange.close(false) }));
  }

  /**
   * A stream result as an AsyncIterable: the request starts when iteration starts. Leaving a
   * `for await` loop early (break, return, throw) aborts the request, which cancels the server side.
   */
  stream<T>(module: string, method: string, args: Args, opts?: CallOptions, codecs?: CallCodecs): AsyncIterable<T> {
    return {
      [Symbol.asyncIterator]: () => {
        const hub = this.#connectionHub();
        return hub === null
          ? this.#iterate<T>(module, method, args, opts, codecs)
          : this.#iterateShared<T>(hub, module, method, args, opts, codecs);
      },
    };
  }

  /** The hub for the current user, or null when streams go direct (configured so, or no login yet). */
  #connectionHub(): ConnectionHub | null {
    const session = this.#store.load();
    if (this.#streams === "direct" || session === null) {
      return null;
    }
    if (this.#hub === null || this.#hub.user !== session.userId) {
      this.#hub?.hub.close();
      const open = () => this.#post("/_streams", "", "text/event-stream", undefined, true);
      const cancel = (connection: string, stream: string) => {
        // The token is not needed (the connection id is), but lets a balancer route by it (SCALE-OUT.md).
        const token = this.#store.load()?.token;
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        if (token !== undefined) headers["Authorization"] = `Bearer ${token}`;
        this.#fetch(this.#root + "/_streams/cancel", {
          method: "POST", headers, keepalive: true,
          body: JSON.stringify({ connection, stream }), credentials: this.#credentials,
        }).then((response) => response.body?.cancel(), () => undefined);
      };
      const page = () => new PageConnection(open, cancel, this.#maxFrameBytes);
      const tabs = this.#streams === "shared" && typeof BroadcastChannel !== "undefined"
        && typeof navigator !== "undefined" && navigator.locks !== undefined;
      const hub = tabs ? new TabsHub(`${this.#root}|${session.userId}`, page, cancel) : page();
      this.#hub = { user: session.userId, hub };
    }
    return this.#hub.hub;
  }

  /** A stream on the shared connection (see {@link SharedStream}). */
  #iterateShared<T>(
    hub: ConnectionHub, module: string, method: string, args: Args, opts: CallOptions | undefined,
    codecs: CallCodecs | undefined,
  ): AsyncIterableIterator<T> {
    const exactDigits = codecs?.exactDigits === true;
    return new SharedStream<T>(hub, {
      start: (connection, stream) => this.#send(module, method, args, opts, codecs, "application/json", {
        [STREAM_CONNECTION_HEADER]: connection, [STREAM_ID_HEADER]: stream,
      }),
      direct: () => this.#iterate<T>(module, method, args, opts, codecs),
    }, readerFor(codecs?.result), typedParserFor(codecs?.result, exactDigits), exactDigits, opts);
  }

  #iterate<T>(
    module: string, method: string, args: Args, opts: CallOptions | undefined, codecs: CallCodecs | undefined,
  ): AsyncIterableIterator<T> {
    return new DirectStream<T>(() => this.#send(module, method, args, opts, codecs, "text/event-stream"),
      readerFor(codecs?.result), typedParserFor(codecs?.result, codecs?.exactDigits === true), codecs?.exactDigits === true,
      this.#maxFrameBytes);
  }

  async #authenticate(path: string, body: object, visitor: boolean, opts?: CallOptions): Promise<PotoSession> {
    const exchange = await this.#post(path, JSON.stringify(body), "application/json", opts, false);
    try {
      const answer = parseJson(await exchange.response.text(), exchange.requestId) as {
        token?: unknown; userId?: unknown; expiresAt?: unknown; refreshToken?: unknown; refreshExpiresAt?: unknown;
      };
      if (typeof answer.token !== "string" || typeof answer.userId !== "string" || typeof answer.expiresAt !== "string") {
        throw clientFailure("invalid_response", "the login answer lacks token, userId or expiresAt", exchange.requestId);
      }
      if ((answer.refreshToken !== undefined && typeof answer.refreshToken !== "string")
        || (answer.refreshExpiresAt !== undefined && typeof answer.refreshExpiresAt !== "string")) {
        throw clientFailure("invalid_response", "the login answer's refreshToken or refreshExpiresAt is not a string",
          exchange.requestId);
      }
      const access = {
        token: answer.token,
        userId: answer.userId,
        expiresAt: parseIsoDateTime(answer.expiresAt, false),
        visitor,
      };
      const session: PotoSession = typeof answer.refreshToken !== "string" ? access : {
        ...access,
        refreshToken: answer.refreshToken,
        ...(typeof answer.refreshExpiresAt === "string"
          ? { refreshExpiresAt: parseIsoDateTime(answer.refreshExpiresAt, false) } : {}),
      };
      this.#store.save(session);
      return session;
    } catch (error) {
      throw exchange.failure(error);
    } finally {
      exchange.close(false);
    }
  }

  /** Gets a new visitor token once, however many calls found the old one expired at the same time. */
  #renewVisitor(opts?: CallOptions): Promise<PotoSession> {
    if (this.#visitorRenewal === null) {
      this.#visitorRenewal = this.loginAsVisitor(opts).finally(() => {
        this.#visitorRenewal = null;
      });
    }
    return this.#visitorRenewal;
  }

  /**
   * Exchanges the login's refresh token once, however many calls found its access token expired at the
   * same time; where the Web Locks API exists, tabs sharing a stored session take turns, so one refresh
   * token is never used twice (a second use revokes the login). Resolves false when the login cannot be
   * refreshed (logged out, revoked, expired).
   */
  #refreshLogin(expired: PotoSession, opts?: CallOptions): Promise<boolean> {
    if (this.#loginRefresh === null) {
      const run = () => this.#useRefreshToken(expired, opts);
      const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
      const refresh = locks === undefined ? run() : (async () => await locks.request(`poto.refresh ${this.#root}`, run))();
      this.#loginRefresh = refresh.finally(() => {
        this.#loginRefresh = null;
      });
    }
    return this.#loginRefresh;
  }

  async #useRefreshToken(expired: PotoSession, opts?: CallOptions): Promise<boolean> {
    const current = this.#store.load();
    if (current === null || current.visitor) {
      return false; // logged out, or now a visitor
    }
    if (current.token !== expired.token) {
      return true; // refreshed meanwhile, by another call or another tab
    }
    if (current.refreshToken === undefined) {
      return false;
    }
    try {
      await this.#authenticate("/_auth/refresh", { refreshToken: current.refreshToken }, false, opts);
      return true;
    } catch (error) {
      if (error instanceof PotoError && error.status === 401) {
        return false; // the login is over: the caller sees token_expired and logs in again
      }
      throw error;
    }
  }

  async #send(
    module: string, method: string, args: Args, opts: CallOptions | undefined, codecs: CallCodecs | undefined,
    accept: string, extraHeaders?: Record<string, string>,
  ): Promise<Exchange> {
    const upload = codecs?.upload;
    let others = args;
    if (upload !== undefined) {
      const { [upload]: _source, ...rest } = args;
      others = rest;
    }
    const encoded = encodeArguments(others, codecs?.args);
    // Only arguments with codecs can hold bigints or -0 (which JSON.stringify cannot write).
    const json = codecs?.args === undefined ? JSON.stringify(encoded) : writeJson(encoded);
    const body: RequestBody = upload === undefined ? json
      : { upload: uploadBody(args[upload], upload), args: asciiJson(json) };
    const path = `/${encodeURIComponent(module)}/${encodeURIComponent(method)}`;
    const call = codecs?.errors === undefined ? undefined : { module, method, errors: codecs.errors };
    return this.#post(path, body, accept, opts, true, extraHeaders, call, `${module}.${method}`);
  }

  /**
   * POSTs to `path` (below the prefix), turning error answers into PotoErrors; renews an expired visitor
   * token, or refreshes an expired named login, once and retries. `procedure` names the request for
   * interceptors: `module.method` for a call, else the path without its slash.
   */
  async #post(
    path: string, body: RequestBody, accept: string, opts: CallOptions | undefined, authorized: boolean,
    extraHeaders?: Record<string, string>, call?: DeclaringCall, procedure = path.slice(1),
  ): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      const session = authorized ? this.#store.load() : null;
      const exchange = await this.#exchange(procedure, this.#root + path, body, accept, opts, session, extraHeaders);
      if (exchange.response.ok) {
        return exchange;
      }
      let problem: PotoError;
      try {
        problem = await readProblem(exchange.response, exchange.requestId,
          call === undefined ? undefined : declaredErrorReader(call));
      } catch (error) {
        throw exchange.failure(error);
      } finally {
        exchange.close(false);
      }
      // Only an expired token is renewed (docs/PROTOCOL.md §3): an invalid one stays an error to see.
      const renewable = session !== null && session.visitor && exchange.response.status === 401
        && problem.code === "token_expired";
      const refreshable = session !== null && !session.visitor && session.refreshToken !== undefined
        && exchange.response.status === 401 && problem.code === "token_expired";
      const repeatable = typeof body === "string" || body.upload.repeatable;
      if (session === null || !(renewable || refreshable) || attempt > 0 || !repeatable) {
        throw problem;
      }
      if (refreshable) {
        if (!(await this.#refreshLogin(session, opts))) {
          throw problem;
        }
        continue;
      }
      const current = this.#store.load();
      if (current === null || current.token === session.token) {
        await this.#renewVisitor(opts);
      } // else another call renewed it meanwhile: just retry with the new token
    }
  }

  async #exchange(
    procedure: string, url: string, body: RequestBody, accept: string, opts: CallOptions | undefined,
    session: PotoSession | null,
    extraHeaders?: Record<string, string>,
  ): Promise<Exchange> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...this.#headers?.(), ...opts?.headers })) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        throw clientFailure("invalid_argument", `the header ${name} is set by the Poto client itself`);
      }
      headers[name] = value;
    }
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const callerSignal = opts?.signal;
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    const cancelled = () => clientFailure("cancelled", "the call was cancelled");
    if (callerSignal?.aborted) {
      throw cancelled();
    }
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    if (typeof body === "string") {
      headers["Content-Type"] = "application/json";
    } else {
      headers["Content-Type"] = body.upload.contentType;
      headers[ARGS_HEADER] = body.args;
      if (body.upload.fileName !== undefined) headers[UPLOAD_NAME_HEADER] = body.upload.fileName;
    }
    headers["Accept"] = accept;
    Object.assign(headers, extraHeaders);
    if (session !== null) {
      headers["Authorization"] = `Bearer ${session.token}`;
    }
    if (opts?.timeoutMs !== undefined) {
      const timeoutMs = Math.max(1, Math.ceil(opts.timeoutMs));
      headers[TIMEOUT_HEADER] = String(timeoutMs);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    }
    const close = (abort: boolean) => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      if (abort) {
        controller.abort();
      }
    };
    let requestId: string | undefined;
    const failure = (error: unknown): PotoError => {
      if (timedOut) {
        return clientFailure("deadline_exceeded", `no answer within ${opts?.timeoutMs} ms`, requestId);
      }
      if (callerSignal?.aborted) {
        return cancelled();
      }
      if (error instanceof PotoError) {
        return error;
      }
      return clientFailure("transport_error", `request failed: ${String(error)}`, requestId, { cause: error });
    };
    let response: Response;
    try {
      response = await this.#transport(
        { procedure, url, header: new Headers(headers), body: typeof body === "string" ? body : body.upload.body,
          signal: controller.signal });
    } catch (error) {
      close(false);
      throw failure(error);
    }
    requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
    return { response, requestId, failure, close };
  }
}
