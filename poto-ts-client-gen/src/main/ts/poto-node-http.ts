// Event-stream requests over Node's own HTTP client (node:http, node:https) instead of its fetch.
//
// Node's fetch (undici) passes a body through a WebAssembly HTTP parser, a Node stream and a web stream:
// reading a stream of 1,000,000 small records cost ~0.45 s more CPU through it than through node:http.
// So in Node, when the client was given no fetch of its own, a request that asks for an event stream
// goes out through node:http. Interceptors see the same request and a real `Response` (its body a web
// stream that reads the same bytes); a direct stream reads the chunks straight from Node's answer
// instead, unless an interceptor replaced the answer or started reading its body.

/** A body read chunk by chunk: the web stream reader's two methods that the stream readers use. */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(): Promise<void>;
}

/** The parts of Node's http module used here (this file compiles without Node's types). */
interface NodeHttp {
  request(url: URL, options: { method: string; headers: Record<string, string> }): NodeRequest;
}
interface NodeRequest {
  on(event: "response", listener: (response: NodeResponse) => void): NodeRequest;
  on(event: "error", listener: (error: Error) => void): NodeRequest;
  end(body: string): void;
  destroy(error?: Error): void;
}
interface NodeResponse {
  readonly statusCode?: number;
  readonly statusMessage?: string;
  readonly rawHeaders: string[];
  readonly complete: boolean;
  on(event: "data", listener: (chunk: Uint8Array) => void): NodeResponse;
  on(event: "end" | "close", listener: () => void): NodeResponse;
  on(event: "error", listener: (error: Error) => void): NodeResponse;
  pause(): void;
  resume(): void;
  destroy(error?: Error): void;
}

const runtime = globalThis as { process?: { versions?: { node?: string; bun?: string } }; Deno?: unknown };

/** Node itself (not Bun or Deno, whose fetch is fast and whose node:http is an emulation). */
export const IN_NODE = typeof runtime.process?.versions?.node === "string" && runtime.process.versions.bun === undefined
  && runtime.Deno === undefined;

/** The module names, in variables: a bundler for the browser then does not try to resolve them. */
const HTTP = "node:http";
const HTTPS = "node:https";
let modules: Promise<{ readonly http: NodeHttp; readonly https: NodeHttp }> | undefined;

/** Chunk readers of the answers sent here, by answer; a reader is claimed by the first who reads. */
const READERS = new WeakMap<Response, NodeChunkReader>();

/**
 * The answer's body as chunks straight from Node, if it came from {@link nodeSend} and nobody has read
 * its web body yet; else undefined (read `response.body`).
 */
export function nodeChunks(response: Response): ChunkReader | undefined {
  const reader = READERS.get(response);
  return reader !== undefined && reader.claim("direct") ? reader : undefined;
}

/**
 * Where Node's fetch keeps its global dispatcher. Node fills it with a plain `Agent` at fetch's first use;
 * an application that installs its own (a proxy, a mock for tests) has its `fetch` go through it.
 */
const FETCH_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/** Whether the application gave Node's fetch a dispatcher of its own, which node:http would bypass. */
function fetchHasOwnDispatcher(): boolean {
  const dispatcher = (globalThis as Record<symbol, { constructor?: { name?: string } } | undefined>)[FETCH_DISPATCHER];
  return dispatcher !== undefined && dispatcher.constructor?.name !== "Agent";
}

/**
 * Whether {@link nodeSend} takes this request: Node, an event stream asked for, a JSON body, and no
 * dispatcher of the application's own behind fetch (its proxy or mock must see the stream too).
 */
export function nodeSends(header: Headers, body: unknown): boolean {
  return IN_NODE && typeof body === "string" && header.get("Accept") === "text/event-stream" && !fetchHasOwnDispatcher();
}

/** POSTs `body` to `url` with node:http(s); resolves to the answer whatever its status, as fetch does. */
export async function nodeSend(url: string, header: Headers, body: string, signal: AbortSignal): Promise<Response> {
  modules ??= Promise.all([import(HTTP), import(HTTPS)]).then(([http, https]) => ({ http, https }));
  const { http, https } = await modules;
  signal.throwIfAborted();
  const target = new URL(url);
  const headers: Record<string, string> = {};
  header.forEach((value, name) => {
    headers[name] = value;
  });
  return new Promise<Response>((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(target, { method: "POST", headers });
    const onAbort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(error); // no effect once answered: the body's reader reports it
    });
    request.on("response", (answer) => {
      const reader = new NodeChunkReader(answer, () => signal.removeEventListener("abort", onAbort));
      answer.on("close", () => signal.removeEventListener("abort", onAbort));
      const status = answer.statusCode ?? 0;
      const headerList = new Headers();
      for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
        headerList.append(answer.rawHeaders[i] as string, answer.rawHeaders[i + 1] as string);
      }
      // A web stream of the same bytes for whoever reads the answer as a Response (an error's problem, an
      // interceptor); pulled only when read (highWaterMark 0).
      const web = NULL_BODY_STATUSES.has(status) ? null : new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!reader.claim("web")) {
            controller.error(new TypeError("the answer's body is being read directly"));
            return;
          }
          const chunk = await reader.read();
          if (chunk.done) controller.close();
          else controller.enqueue(chunk.value);
        },
        cancel: () => reader.cancel(),
      }, { highWaterMark: 0 });
      let response: Response;
      try {
        response = new Response(web, { status, statusText: answer.statusMessage ?? "", headers: headerList });
      } catch (error) {
        reader.cancel();
        reject(error);
        return;
      }
      READERS.set(response, reader);
      resolve(response);
    });
    request.end(body);
  });
}

/** The statuses whose Response has no body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Chunks of a Node answer, held while unread (Node is paused once a few wait), handed out one per read. */
class NodeChunkReader implements ChunkReader {
  readonly #answer: NodeResponse;
  readonly #release: () => void;
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #error: Error | undefined;
  #paused = false;
  #waiting: (() => void) | undefined;
  #owner: "direct" | "web" | undefined;

  constructor(answer: NodeResponse, release: () => void) {
    this.#answer = answer;
    this.#release = release;
    answer.on("data", (chunk) => {
      this.#chunks.push(chunk);
      if (this.#chunks.length >= MAX_WAITING_CHUNKS && !this.#paused) {
        this.#paused = true;
        answer.pause();
      }
      this.#wake();
    });
    answer.on("end", () => {
      this.#ended = true;
      this.#wake();
    });
    answer.on("error", (error) => {
      this.#error ??= error;
      this.#wake();
    });
    answer.on("close", () => {
      // Closed before its end: the connection broke or the request was aborted.
      if (!this.#ended) this.#error ??= new Error("terminated: the connection closed before the answer's end");
      this.#wake();
    });
  }

  /** Whether `owner` may read: the first reader owns the body. */
  claim(owner: "direct" | "web"): boolean {
    this.#owner ??= owner;
    return this.#owner === owner;
  }

  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) {
      if (this.#paused && this.#chunks.length < MAX_WAITING_CHUNKS / 2) {
        this.#paused = false;
        this.#answer.resume();
      }
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise<void>((resolve) => {
      this.#waiting = resolve;
    }).then(() => this.read());
  }

  /** Stops reading: what is left of the answer is not wanted, so its connection is closed (as fetch does). */
  cancel(): Promise<void> {
    this.#chunks.length = 0;
    if (!this.#ended) {
      this.#error ??= new Error("cancelled");
      this.#answer.destroy();
    }
    this.#release();
    this.#wake();
    return Promise.resolve();
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.();
  }
}

/** Chunks held before Node is asked to pause the answer. */
const MAX_WAITING_CHUNKS = 16;
