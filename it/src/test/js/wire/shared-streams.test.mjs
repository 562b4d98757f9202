// Streams over one shared connection (docs/PROTOCOL.md §4a), the way browsers carry them, driven
// from Node with `streams: "page"` against the live server: decoding, problems, 20 streams at once
// over one connection, abort / break / deadline reaching the server, and the direct fallback.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { PotoClient, WireTypesModuleClient, URL_MAIN, rejection, eventually } from "./client.mjs";

const clients = [];
afterEach(() => clients.splice(0).forEach((client) => client.close()));

/** A client on a shared connection whose fetch records each request's path and stream headers. */
function sharedClient() {
  const requests = [];
  const recording = (input, init = {}) => {
    const headers = new Headers(init.headers);
    requests.push({ path: new URL(String(input)).pathname, connection: headers.get("Poto-Stream-Connection"),
      stream: headers.get("Poto-Stream-Id") });
    return fetch(input, init);
  };
  const client = new PotoClient({ baseUrl: URL_MAIN, streams: "page", fetch: recording });
  clients.push(client);
  return { client, wire: new WireTypesModuleClient(client), requests };
}

test("streams on a shared connection arrive decoded, and a failing one throws the module's problem", async () => {
  const { client, wire, requests } = sharedClient();
  await client.loginAsVisitor();
  const seen = [];
  for await (const shape of wire.countTo(3)) seen.push(shape);
  assert.deepStrictEqual(seen, [1, 2, 3].map((radius) => ({ kind: "circle", radius })));
  const items = [];
  const e = await rejection((async () => { for await (const item of wire.failAfter(2)) items.push(item.label); })());
  assert.deepStrictEqual(items, ["item 1", "item 2"]);
  assert.deepStrictEqual([e.status, e.code, e.message], [409, "ran_out", "only 2 items"]);
  const opened = requests.filter((r) => r.path === "/poto/_streams");
  assert.equal(opened.length, 1, "one connection for both streams");
  const starts = requests.filter((r) => r.path.startsWith("/poto/wire/"));
  assert.ok(starts.every((r) => r.connection !== null && /^[A-Za-z0-9._-]+$/.test(r.stream)), JSON.stringify(starts));
});

test("twenty streams at once share one connection and every item of each arrives", async () => {
  const { client, wire, requests } = sharedClient();
  await client.loginAsVisitor();
  const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const got = [];
    for await (const shape of wire.countTo(i + 1)) got.push(shape.radius);
    return got;
  }));
  results.forEach((got, i) => assert.deepStrictEqual(got, Array.from({ length: i + 1 }, (_, k) => k + 1)));
  assert.equal(requests.filter((r) => r.path === "/poto/_streams").length, 1);
  assert.equal(new Set(requests.filter((r) => r.stream !== null).map((r) => r.stream)).size, 20, "distinct stream ids");
});

test("aborting, leaving the loop early and a passed deadline each end the shared stream on the server", async () => {
  const { client, wire } = sharedClient();
  await client.loginAsVisitor();
  const before = await wire.counters();

  const controller = new AbortController();
  let e = await rejection((async () => {
    for await (const n of wire.oneThenWait({ signal: controller.signal })) {
      assert.equal(n, 1);
      controller.abort();
    }
  })());
  assert.deepStrictEqual([e.status, e.code], [499, "cancelled"]);
  await eventually(() => wire.counters(), (c) => c.cancelledStreams >= before.cancelledStreams + 1, "abort reached the stream");

  for await (const n of wire.oneThenWait()) {
    assert.equal(n, 1);
    break;
  }
  await eventually(() => wire.counters(), (c) => c.cancelledStreams >= before.cancelledStreams + 2, "break reached the stream");

  const items = [];
  e = await rejection((async () => { for await (const n of wire.oneThenWait({ timeoutMs: 400 })) items.push(n); })());
  assert.deepStrictEqual(items, [1]);
  assert.deepStrictEqual([e.status, e.code], [504, "deadline_exceeded"]);
  await eventually(() => wire.counters(), (c) => c.cancelledStreams >= before.cancelledStreams + 3, "the deadline reached the stream");
});

test("without a login, streams go direct; an unknown connection falls back to a direct stream", async () => {
  const { client, wire, requests } = sharedClient();
  const e = await rejection((async () => { for await (const n of wire.countTo(1)) assert.fail(n); })());
  assert.equal(e.code, "unauthenticated");
  assert.equal(requests.filter((r) => r.path === "/poto/_streams").length, 0);

  // A connection this server does not know: the start is refused before anything runs, and the
  // client runs the stream directly instead.
  const rewriting = (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (headers.has("Poto-Stream-Connection")) headers.set("Poto-Stream-Connection", "AAAAAAAAAAAAAAAAAAAAAA");
    return fetch(input, { ...init, headers });
  };
  const other = new PotoClient({ baseUrl: URL_MAIN, streams: "page", fetch: rewriting });
  clients.push(other);
  await other.loginAsVisitor();
  const seen = [];
  for await (const shape of new WireTypesModuleClient(other).countTo(2)) seen.push(shape.radius);
  assert.deepStrictEqual(seen, [1, 2]);
});
