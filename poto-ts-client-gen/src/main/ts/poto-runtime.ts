// Poto's TypeScript client runtime: transport, login, errors, streams and value codecs for the
// generated module clients. No dependencies; runs in browsers and Node 20+ (fetch, ReadableStream).
// Wire protocol: docs/PROTOCOL.md. Value representation: docs/TYPES.md.

/** Per-call options; every generated method takes them as its optional last argument. */
export interface CallOptions {
  /** Aborting it cancels the call, on the server too (the connection is closed). */
  signal?: AbortSignal;
  /** A deadline: sent as `Poto-Timeout-Ms`, and the call is abandoned locally when it passes. */
  timeoutMs?: number;
  /** Extra request headers for this call; the protocol's own (Authorization, Poto-*, Content-Type...) cannot be set. */
  headers?: Record<string, string>;
}

/**
 * Every failure of a call: a problem+json answer from the server (`status`, `code` as sent), or a
 * client-side one with status 0 (`transport_error`, `stream_broken`, `invalid_response`,
 * `invalid_argument`), 499 (`cancelled`) or 504 (`deadline_exceeded`).
 */
export class PotoError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, requestId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PotoError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** A login: the bearer token and who it is for. */
export interface PotoSession {
  readonly token: string;
  readonly userId: string;
  readonly expiresAt: Date;
  /**
   * A visitor's token is renewed silently when it expires; a user's is refreshed with its refresh
   * token when it has one, and otherwise not (they log in again).
   */
  readonly visitor: boolean;
  /** A named login's refresh token, when the server issues them; a secret like the token. */
  readonly refreshToken?: string;
  readonly refreshExpiresAt?: Date;
}

/** Where the client keeps its session; pluggable so browsers can survive reloads. */
export interface TokenStore {
  load(): PotoSession | null;
  save(session: PotoSession | null): void;
}

/** The default: the session lives as long as the client object. */
export class MemoryTokenStore implements TokenStore {
  #session: PotoSession | null = null;

  load(): PotoSession | null {
    return this.#session;
  }

  save(session: PotoSession | null): void {
    this.#session = session;
  }
}

/** Keeps the session in `localStorage` (or any `Storage`) under `key`, so it survives a reload. */
export class LocalStorageTokenStore implements TokenStore {
  readonly #key: string;
  readonly #storage: Storage;

  constructor(key = "poto.session", storage: Storage = globalThis.localStorage) {
    this.#key = key;
    this.#storage = storage;
  }

  load(): PotoSession | null {
    const text = this.#storage.getItem(this.#key);
    if (text === null) {
      return null;
    }
    try {
      const saved = JSON.parse(text) as {
        token: string; userId: string; expiresAt: string; visitor: boolean; refreshToken?: string; refreshExpiresAt?: string;
      };
      const session = { token: saved.token, userId: saved.userId, expiresAt: new Date(saved.expiresAt), visitor: saved.visitor };
      return saved.refreshToken === undefined ? session : {
        ...session,
        refreshToken: saved.refreshToken,
        ...(saved.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: new Date(saved.refreshExpiresAt) }),
      };
    } catch {
      return null; // a damaged entry is the same as none
    }
  }

  save(session: PotoSession | null): void {
    if (session === null) {
      this.#storage.removeItem(this.#key);
    } else {
      this.#storage.setItem(this.#key, JSON.stringify({
        ...session,
        expiresAt: session.expiresAt.toISOString(),
        ...(session.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: session.refreshExpiresAt.toISOString() }),
      }));
    }
  }
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

/**
 * How a value is converted between its TS form and JSON, generated per type from the declared Java
 * types (never guessed from the data): `float` a number whose NaN and ±Infinity travel as the strings
 * "NaN", "Infinity", "-Infinity" and whose -0 keeps its sign; `long` a number that must be a safe
 * integer; `bigint` a bigint read from the JSON digits; `date` Date <-> ISO-8601 with offset
 * (java.util.Date); `bytes` Uint8Array <-> base64; `json` any JSON value, big integers as bigints.
 * Positions without a codec are plain JSON. `outputOnly` properties are never sent (the server only
 * writes them).
 */
export type Codec =
  | "float"
  | "long"
  | "bigint"
  | "date"
  | "bytes"
  | "json"
  | { readonly array: Codec | undefined }
  | { readonly map: Codec | undefined }
  | { readonly fields: { readonly [name: string]: Codec | undefined }; readonly outputOnly?: readonly string[] }
  | { readonly union: string; readonly cases: { readonly [tag: string]: Codec | undefined } }
  | { readonly ref: () => Codec | undefined };

/**
 * The codecs of one call: per argument name, and for the result (or each stream item). `exactDigits`:
 * the answer holds integers that must keep every digit, so it is read by {@link parseJsonExactly}.
 */
export interface CallCodecs {
  args?: { readonly [name: string]: Codec | undefined };
  result?: Codec;
  exactDigits?: boolean;
}

/** Any JSON value (Jackson's JsonNode); integers beyond ±(2^53 - 1) are bigints, so none is rounded. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
/** A JSON object (Jackson's ObjectNode). Keys such as "__proto__" are own properties. */
export type JsonObject = { [key: string]: JsonValue };

type Args = { readonly [name: string]: unknown };

const REQUEST_ID_HEADER = "Poto-Request-Id";
/** Headers the client sets itself; `headers` options may not (lower case). */
const RESERVED_HEADERS = new Set([
  "authorization", "poto-timeout-ms", "poto-request-id", "content-type", "accept", "content-length", "host",
  "connection", "cookie", "poto-stream-connection", "poto-stream-id",
]);
const TIMEOUT_HEADER = "Poto-Timeout-Ms";
const STREAM_CONNECTION_HEADER = "Poto-Stream-Connection";
const STREAM_ID_HEADER = "Poto-Stream-Id";

/** One request in flight: its response, and the cleanup of its timer and abort wiring. */
interface Exchange {
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
    this.#fetch = (input, init) => fetchImpl(input, init); // unbound window.fetch throws in browsers
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!(this.#maxFrameBytes >= 1)) {
      throw new RangeError(`maxFrameBytes must be positive, was ${options.maxFrameBytes}`);
    }
    this.#headers = options.headers;
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
      const exchange = await this.#post(this.#root + "/_auth/logout", body, "application/json", opts, false);
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
      const open = () => this.#post(this.#root + "/_streams", "", "text/event-stream", undefined, true);
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

  /**
   * A stream on the shared connection: the frames are routed here by stream id (registered before the
   * starting call, since frames may overtake its answer). Leaving early cancels it on the server.
   * If the connection cannot be used (it cannot open, or this server node does not know it), the
   * stream runs directly instead: the server had not started it.
   */
  async *#iterateShared<T>(
    hub: ConnectionHub, module: string, method: string, args: Args, opts: CallOptions | undefined,
    codecs: CallCodecs | undefined,
  ): AsyncGenerator<T, void, undefined> {
    if (opts?.signal?.aborted) {
      throw new PotoError(499, "cancelled", "the call was cancelled");
    }
    const started = Date.now();
    let connection: string;
    try {
      connection = await hub.connection();
    } catch {
      yield* this.#iterate<T>(module, method, args, opts, codecs);
      return;
    }
    const streamId = hub.newStreamId();
    const frames = new FrameQueue();
    hub.register(connection, streamId, frames);
    let exchange: Exchange;
    try {
      exchange = await this.#send(module, method, args, opts, codecs, "application/json", {
        [STREAM_CONNECTION_HEADER]: connection, [STREAM_ID_HEADER]: streamId,
      });
    } catch (error) {
      hub.unregister(streamId);
      if (error instanceof PotoError && (error.code === "cancelled" || error.code === "deadline_exceeded"
        || error.code === "transport_error")) {
        hub.cancel(connection, streamId); // the server may have started it before the call was abandoned
      }
      if (error instanceof PotoError && error.code === "unknown_connection") {
        yield* this.#iterate<T>(module, method, args, opts, codecs);
        return;
      }
      throw error;
    }
    const requestId = exchange.requestId;
    try {
      await exchange.response.text(); // {"stream": id}: nothing more to learn from it
    } catch {
      // the answer's body is of no use; the frames say how the stream goes
    } finally {
      exchange.close(false);
    }
    const callerSignal = opts?.signal;
    const onAbort = () => frames.fail(new PotoError(499, "cancelled", "the call was cancelled"));
    callerSignal?.addEventListener("abort", onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (opts?.timeoutMs !== undefined) {
      const left = Math.max(0, Math.ceil(opts.timeoutMs) - (Date.now() - started));
      timer = setTimeout(() => frames.fail(
        new PotoError(504, "deadline_exceeded", `no answer within ${opts.timeoutMs} ms`, requestId)), left);
    }
    let finished = false;
    try {
      for (;;) {
        const frame = await frames.next(requestId);
        if (frame.event === "item") {
          yield decodeValue(codecs?.result, parseJson(frame.data, requestId), requestId) as T;
        } else if (frame.event === "error") {
          finished = true;
          throw problemFrom(parseJson(frame.data, requestId), 0, requestId);
        } else if (frame.event === "end") {
          finished = true;
          return;
        }
      }
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onAbort);
      hub.unregister(streamId);
      if (!finished && !frames.connectionLost) {
        hub.cancel(connection, streamId);
      }
    }
  }

  async *#iterate<T>(
    module: string, method: string, args: Args, opts: CallOptions | undefined, codecs: CallCodecs | undefined,
  ): AsyncGenerator<T, void, undefined> {
    const exchange = await this.#send(module, method, args, opts, codecs, "text/event-stream");
    const body = exchange.response.body;
    let finished = false;
    try {
      if (body === null) {
        throw new PotoError(0, "stream_broken", "the stream answer has no body", exchange.requestId);
      }
      const reader = body.getReader();
      const decoder = new TextDecoder();
      const parser = new EventStreamParser(this.#maxFrameBytes, exchange.requestId);
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw exchange.failure(error);
        }
        // An unterminated frame at the end is dropped, as the SSE rules say: it may be cut short.
        const frames = parser.push(chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true }));
        for (const frame of frames) {
          if (frame.event === "item") {
            yield decodeValue(codecs?.result, parseJson(frame.data, exchange.requestId, codecs?.exactDigits), exchange.requestId) as T;
          } else if (frame.event === "error") {
            finished = true;
            throw problemFrom(parseJson(frame.data, exchange.requestId), 0, exchange.requestId);
          } else if (frame.event === "end") {
            finished = true;
            await reader.cancel().catch(() => undefined);
            return;
          }
        }
        if (parser.failure !== null) {
          throw parser.failure; // after the frames completed before it
        }
        if (chunk.done) {
          finished = true;
          throw new PotoError(0, "stream_broken", "the stream closed before its end event", exchange.requestId);
        }
      }
    } finally {
      exchange.close(!finished);
    }
  }

  async #authenticate(path: string, body: object, visitor: boolean, opts?: CallOptions): Promise<PotoSession> {
    const exchange = await this.#post(this.#root + path, JSON.stringify(body), "application/json", opts, false);
    try {
      const answer = parseJson(await exchange.response.text(), exchange.requestId) as {
        token?: unknown; userId?: unknown; expiresAt?: unknown; refreshToken?: unknown; refreshExpiresAt?: unknown;
      };
      if (typeof answer.token !== "string" || typeof answer.userId !== "string" || typeof answer.expiresAt !== "string") {
        throw new PotoError(0, "invalid_response", "the login answer lacks token, userId or expiresAt", exchange.requestId);
      }
      if ((answer.refreshToken !== undefined && typeof answer.refreshToken !== "string")
        || (answer.refreshExpiresAt !== undefined && typeof answer.refreshExpiresAt !== "string")) {
        throw new PotoError(0, "invalid_response", "the login answer's refreshToken or refreshExpiresAt is not a string",
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
    const encoded = encodeArguments(args, codecs?.args);
    // Only arguments with codecs can hold bigints or -0 (which JSON.stringify cannot write).
    const body = codecs?.args === undefined ? JSON.stringify(encoded) : writeJson(encoded);
    const url = `${this.#root}/${encodeURIComponent(module)}/${encodeURIComponent(method)}`;
    return this.#post(url, body, accept, opts, true, extraHeaders);
  }

  /**
   * POSTs, turning error answers into PotoErrors; renews an expired visitor token, or refreshes an
   * expired named login, once and retries.
   */
  async #post(
    url: string, body: string, accept: string, opts: CallOptions | undefined, authorized: boolean,
    extraHeaders?: Record<string, string>,
  ): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      const session = authorized ? this.#store.load() : null;
      const exchange = await this.#exchange(url, body, accept, opts, session, extraHeaders);
      if (exchange.response.ok) {
        return exchange;
      }
      let problem: PotoError;
      try {
        problem = await readProblem(exchange.response, exchange.requestId);
      } catch (error) {
        throw exchange.failure(error);
      } finally {
        exchange.close(false);
      }
      const renewable = session !== null && session.visitor && exchange.response.status === 401
        && (problem.code === "token_expired" || problem.code === "invalid_token");
      const refreshable = session !== null && !session.visitor && session.refreshToken !== undefined
        && exchange.response.status === 401 && problem.code === "token_expired";
      if (session === null || !(renewable || refreshable) || attempt > 0) {
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
    url: string, body: string, accept: string, opts: CallOptions | undefined, session: PotoSession | null,
    extraHeaders?: Record<string, string>,
  ): Promise<Exchange> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...this.#headers?.(), ...opts?.headers })) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        throw new PotoError(0, "invalid_argument", `the header ${name} is set by the Poto client itself`);
      }
      headers[name] = value;
    }
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const callerSignal = opts?.signal;
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    const cancelled = () => new PotoError(499, "cancelled", "the call was cancelled");
    if (callerSignal?.aborted) {
      throw cancelled();
    }
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    headers["Content-Type"] = "application/json";
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
        return new PotoError(504, "deadline_exceeded", `no answer within ${opts?.timeoutMs} ms`, requestId);
      }
      if (callerSignal?.aborted) {
        return cancelled();
      }
      if (error instanceof PotoError) {
        return error;
      }
      return new PotoError(0, "transport_error", `request failed: ${String(error)}`, requestId, { cause: error });
    };
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: "POST", headers, body, signal: controller.signal, credentials: this.#credentials,
      });
    } catch (error) {
      close(false);
      throw failure(error);
    }
    requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
    return { response, requestId, failure, close };
  }
}

// ---- shared stream connections (docs/PROTOCOL.md §4a) ----

/** The frames of one stream on a shared connection, as an async queue; a failure ends it. */
class FrameQueue {
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
interface ConnectionHub {
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

const lost = () => new PotoError(0, "stream_broken", "the shared stream connection closed before the stream's end event");

/** One `POST {prefix}/_streams` connection held by this page, and the streams registered on it. */
class PageConnection implements ConnectionHub {
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
    if (this.#closed) throw new PotoError(499, "cancelled", "the client's stream connection was closed");
    const exchange = await this.#open();
    this.#exchange = exchange;
    const body = exchange.response.body;
    if (body === null) {
      exchange.close(true);
      throw new PotoError(0, "stream_broken", "the stream connection has no body", exchange.requestId);
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
          refused(new PotoError(0, "stream_broken", "the stream connection closed before it opened", exchange.requestId));
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
class TabsHub implements ConnectionHub {
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
        reject(new PotoError(0, "transport_error", "no tab opened the shared stream connection in time"));
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

// ---- problem answers ----

async function readProblem(response: Response, requestId: string | undefined): Promise<PotoError> {
  const type = response.headers.get("Content-Type") ?? "";
  const text = await response.text();
  if (type.includes("json")) {
    try {
      return problemFrom(JSON.parse(text), response.status, requestId);
    } catch {
      // not JSON after all: fall through to the generic answer
    }
  }
  return new PotoError(response.status, "unexpected_response", `HTTP ${response.status} without a problem body`, requestId);
}

function problemFrom(value: unknown, status: number, requestId: string | undefined): PotoError {
  const problem = (value ?? {}) as { status?: unknown; code?: unknown; detail?: unknown; title?: unknown; requestId?: unknown };
  const code = typeof problem.code === "string" ? problem.code : "unexpected_response";
  const message = typeof problem.detail === "string" ? problem.detail
    : typeof problem.title === "string" ? problem.title : code;
  return new PotoError(
    typeof problem.status === "number" ? problem.status : status,
    code,
    message,
    typeof problem.requestId === "string" ? problem.requestId : requestId,
  );
}

function parseJson(text: string, requestId: string | undefined, exactDigits = false): unknown {
  try {
    return exactDigits ? parseJsonExactly(text) : JSON.parse(text);
  } catch (error) {
    throw new PotoError(0, "invalid_response", "the answer is not valid JSON", requestId, { cause: error });
  }
}

// ---- server-sent events ----

interface EventFrame {
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
class EventStreamParser {
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

// ---- value codecs ----

function encodeArguments(args: Args, codecs: CallCodecs["args"]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined) {
      setOwn(body, name, encodeValue(codecs?.[name], value, name));
    }
  }
  return body;
}

type DirectCodec = Exclude<Codec, { readonly ref: unknown }>;

/** Follows `ref` thunks (they make recursive and forward references possible) to a direct codec. */
function resolve(codec: Codec | undefined): DirectCodec | undefined {
  let current = codec;
  while (current !== undefined && typeof current === "object" && "ref" in current) {
    current = current.ref();
  }
  return current;
}

/** Sets a key as an own property, so "__proto__" is data, not the prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** Written by {@link writeJson} as `-0.0`, which Java reads as negative zero (`-0` would be integer 0). */
const NEGATIVE_ZERO: unique symbol = Symbol("-0.0");
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Converts a TS value to its JSON form; `path` names the position in error messages. The result may
 * hold bigints and a -0 marker, which only {@link writeJson} writes.
 */
export function encodeValue(codec: Codec | undefined, value: unknown, path = "value"): unknown {
  const c = resolve(codec);
  if (c === undefined || value === null || value === undefined) {
    return value;
  }
  const invalid = (expected: string) =>
    new PotoError(0, "invalid_argument", `${path}: expected ${expected}, got ${describe(value)}`);
  switch (c) {
    case "float":
      if (typeof value !== "number") throw invalid("a number");
      if (Number.isNaN(value)) return "NaN";
      if (value === Infinity) return "Infinity";
      if (value === -Infinity) return "-Infinity";
      return Object.is(value, -0) ? NEGATIVE_ZERO : value;
    case "long":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) throw invalid("a safe integer (|n| <= 2^53 - 1)");
      return value;
    case "bigint":
      if (typeof value !== "bigint" || value < LONG_MIN || value > LONG_MAX) throw invalid("a bigint within the range of a Java long");
      return value;
    case "date":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid("a valid Date");
      return value.toISOString();
    case "bytes":
      if (!(value instanceof Uint8Array)) throw invalid("a Uint8Array");
      return toBase64(value);
    case "json":
      return encodeJsonValue(value, path);
  }
  if ("array" in c) {
    if (!Array.isArray(value)) throw invalid("an array");
    return value.map((item, i) => encodeValue(c.array, item, `${path}[${i}]`));
  }
  if (typeof value !== "object") throw invalid("an object");
  if ("map" in c) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, encodeValue(c.map, item, `${path}.${key}`));
    return out;
  }
  if ("fields" in c) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const name of c.outputOnly ?? []) delete copy[name];
    for (const [name, fieldCodec] of Object.entries(c.fields)) {
      if (Object.hasOwn(copy, name)) copy[name] = encodeValue(fieldCodec, copy[name], `${path}.${name}`);
    }
    return copy;
  }
  const tag = (value as Record<string, unknown>)[c.union];
  return encodeValue(typeof tag === "string" ? c.cases[tag] : undefined, value, path);
}

function encodeJsonValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "bigint") {
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new PotoError(0, "invalid_argument", `${path}: JSON has no ${value}`);
    }
    return Object.is(value, -0) ? NEGATIVE_ZERO : value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => encodeJsonValue(item, `${path}[${i}]`));
  }
  if (typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) setOwn(out, key, encodeJsonValue(item, `${path}.${key}`));
    }
    return out;
  }
  throw new PotoError(0, "invalid_argument", `${path}: expected a JSON value, got ${describe(value)}`);
}

/**
 * JSON text of an encoded value, like JSON.stringify, but writing bigints as their digits and the -0
 * marker as `-0.0`.
 */
export function writeJson(value: unknown): string {
  if (value === NEGATIVE_ZERO) return "-0.0";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        return "[" + value.map((item) => (isWritable(item) ? writeJson(item) : "null")).join(",") + "]";
      }
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === "function") return writeJson(withJson.toJSON());
      const parts: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        if (isWritable(item)) parts.push(JSON.stringify(key) + ":" + writeJson(item));
      }
      return "{" + parts.join(",") + "}";
    }
    default:
      return JSON.stringify(value) ?? "null";
  }
}

function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && (typeof value !== "symbol" || value === NEGATIVE_ZERO);
}

/** An integer literal too large for a number, kept as its digits by {@link parseJsonExactly}. */
class ExactInteger {
  constructor(readonly digits: string) {}
}

/** Converts a JSON value to its TS form in place (it was freshly parsed). */
export function decodeValue(codec: Codec | undefined, value: unknown, requestId?: string, path = "result"): unknown {
  const c = resolve(codec);
  if (c === undefined || value === null || value === undefined) {
    return value;
  }
  const invalid = (expected: string) =>
    new PotoError(0, "invalid_response", `${path}: expected ${expected}, got ${describe(value)}`, requestId);
  switch (c) {
    case "float":
      if (typeof value === "number") return value;
      if (value === "NaN") return NaN;
      if (value === "Infinity") return Infinity;
      if (value === "-Infinity") return -Infinity;
      throw invalid("a number");
    case "long":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        throw invalid("a safe integer (the server sent a long beyond 2^53 - 1; declare it @LongAsBigInt to receive a bigint)");
      }
      return value;
    case "bigint":
      if (value instanceof ExactInteger) return BigInt(value.digits);
      if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
      throw invalid("an integer");
    case "date":
      if (typeof value !== "string") throw invalid("an ISO-8601 string");
      try {
        return parseIsoDateTime(value, false);
      } catch {
        throw invalid("a date-time with offset");
      }
    case "bytes":
      if (typeof value !== "string") throw invalid("a base64 string");
      try {
        return fromBase64(value);
      } catch {
        throw invalid("a base64 string");
      }
    case "json":
      return decodeJsonValue(value);
  }
  if ("array" in c) {
    if (!Array.isArray(value)) throw invalid("an array");
    for (let i = 0; i < value.length; i++) value[i] = decodeValue(c.array, value[i], requestId, `${path}[${i}]`);
    return value;
  }
  if (typeof value !== "object") throw invalid("an object");
  const object = value as Record<string, unknown>;
  if ("map" in c) {
    for (const key of Object.keys(object)) setOwn(object, key, decodeValue(c.map, object[key], requestId, `${path}.${key}`));
    return object;
  }
  if ("fields" in c) {
    for (const [name, fieldCodec] of Object.entries(c.fields)) {
      if (Object.hasOwn(object, name)) setOwn(object, name, decodeValue(fieldCodec, object[name], requestId, `${path}.${name}`));
    }
    return object;
  }
  const tag = object[c.union];
  return decodeValue(typeof tag === "string" ? c.cases[tag] : undefined, object, requestId, path);
}

function decodeJsonValue(value: unknown): unknown {
  if (value instanceof ExactInteger) return BigInt(value.digits);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeJsonValue(value[i]);
  } else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) setOwn(object, key, decodeJsonValue(object[key]));
  }
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that integer literals beyond ±(2^53 - 1) are kept as their digits (for bigint
 * and JSON positions) instead of being rounded. Object keys become own properties ("__proto__" too).
 */
export function parseJsonExactly(text: string): unknown {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at position ${at}`);
  };
  const space = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\t" || text[at] === "\n" || text[at] === "\r")) at++;
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== "\"") at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) fail();
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const object: Record<string, unknown> = {};
      space();
      if (text[at] === "}") {
        at++;
        return object;
      }
      for (;;) {
        space();
        if (text[at] !== "\"") fail();
        const key = string();
        space();
        if (text[at++] !== ":") fail();
        setOwn(object, key, value());
        space();
        const next = text[at++];
        if (next === "}") return object;
        if (next !== ",") fail();
      }
    }
    if (c === "[") {
      at++;
      const array: unknown[] = [];
      space();
      if (text[at] === "]") {
        at++;
        return array;
      }
      for (;;) {
        array.push(value());
        space();
        const next = text[at++];
        if (next === "]") return array;
        if (next !== ",") fail();
      }
    }
    if (c === "\"") return string();
    for (const [word, result] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (match === null) return fail();
    at += match[0].length;
    const number = Number(match[0]);
    return Number.isSafeInteger(number) || !/^-?\d+$/.test(match[0]) ? number : new ExactInteger(match[0]);
  };
  const result = value();
  space();
  if (at !== text.length) fail();
  return result;
}

function describe(value: unknown): string {
  return value instanceof Date ? "a Date" : Array.isArray(value) ? "an array" : typeof value;
}

const ISO_DATE_TIME = /^([+-]?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the ISO-8601 forms Jackson writes. With an offset (`Z`, `+02:00`) it is a point in time; without
 * one (`local`), the fields are the Date's local wall-clock fields. Digits past milliseconds are dropped.
 */
function parseIsoDateTime(text: string, local: boolean): Date {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null || (m[8] !== undefined) === local) {
    throw new Error(`not an ISO-8601 ${local ? "local " : ""}date-time: ${text}`);
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as
    [number, number, number, number, number, number];
  const millis = m[7] === undefined ? 0 : Number((m[7] + "00").slice(0, 3));
  if (local) {
    const date = new Date(2000, month - 1, day, hour, minute, second, millis);
    date.setFullYear(year); // the constructor maps years 0-99 to 1900-1999
    return date;
  }
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  const offset = m[8] as string;
  if (offset !== "Z") {
    const digits = offset.replace(":", "");
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    date.setTime(date.getTime() - (offset.startsWith("-") ? -minutes : minutes) * 60_000);
  }
  return date;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
