// Loads the GENERATED client (written by poto-processor into target/classes/META-INF/poto/client/)
// and gives the suites small helpers. Env: POTO_CLIENT_DIR, POTO_URL, POTO_SHORT_EXPIRY_URL.
import { pathToFileURL } from "node:url";
import path from "node:path";

const dir = process.env.POTO_CLIENT_DIR;
if (!dir) throw new Error("POTO_CLIENT_DIR is not set: run this suite through WireNodeTest");
const load = (name) => import(pathToFileURL(path.join(dir, name)).href);

export const { PotoClient, PotoError, MemoryTokenStore } = await load("poto-runtime.js");
export const { WireTypesModuleClient } = await load("wire.js");
export const { RoundTripModuleClient } = await load("roundtrip.js");
export const { Color_VALUES } = await load("types.js");

export const URL_MAIN = process.env.POTO_URL;
export const URL_SHORT_EXPIRY = process.env.POTO_SHORT_EXPIRY_URL;
export const URL_REFRESH = process.env.POTO_REFRESH_URL;

/** A client and its typed module, on the main server unless told otherwise. */
export function connect(options = {}) {
  const client = new PotoClient({ baseUrl: URL_MAIN, ...options });
  return {
    client,
    wire: new WireTypesModuleClient(client),
    roundtrip: new RoundTripModuleClient(client),
  };
}

/** Resolves to the PotoError `promise` rejects with; fails if it resolves. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof PotoError)) throw new Error(`expected a PotoError, got ${error}`, { cause: error });
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Polls `read` until `done(value)`; a condition wait with a generous limit, not a timing assumption. */
export async function eventually(read, done, what, limitMs = 15_000) {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: still not true after ${limitMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Node's fetch has no cookie jar (browsers have one; `credentials: "include"` is what the runtime
 * asks for there). This is the minimal jar a Node program passes as `fetch` to PotoClient for cookie
 * sessions: it keeps name=value pairs from Set-Cookie (Max-Age=0 or an empty value removes) and
 * sends them back. It ignores Domain/Path/Secure, so use it against one trusted server only.
 */
export function cookieJarFetch(jar = new Map()) {
  const jarFetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("Cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const removed = value === "" || attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (removed) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  jarFetch.jar = jar;
  return jarFetch;
}
