// Event streams over Node's own HTTP client (poto-node-http.ts): in Node, a client given no fetch of its
// own reads a stream's answer through node:http; items, failures, interceptors and early exits behave as
// through fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeServer, RUNTIME } from "./support.mjs";

const { PotoClient } = await import(RUNTIME);

const Rec = { fields: { seq: "int", label: "string", value: "long" } };
const frames = (from, to) => Array.from({ length: to - from },
  (_, i) => `event: item\ndata: {"seq":${from + i},"label":"é${from + i}","value":${(from + i) * 31}}\n\n`).join("");

/** A server of one stream: `write(res)` writes its answer. */
async function streamServer(write) {
  return fakeServer(async (req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    await write(res);
  });
}

async function read(client, codec = Rec) {
  const items = [];
  try {
    for await (const item of client.stream("feed", "items", {}, undefined, { result: codec })) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

const whole = (res) => {
  res.write(frames(0, 500));
  res.end(frames(500, 1000) + "event: end\ndata: {}\n\n");
};

test("in Node, a stream goes over node:http and reads the same items as over fetch", async () => {
  const server = await streamServer(whole);
  try {
    const direct = await read(new PotoClient({ baseUrl: server.url }));
    const fetched = await read(new PotoClient({ baseUrl: server.url, fetch: globalThis.fetch }));
    assert.equal(direct.error, undefined);
    assert.equal(direct.items.length, 1000);
    assert.deepStrictEqual(direct.items, fetched.items);
    // fetch names itself; Node's own client sends no user-agent: the first read took node:http.
    assert.equal(server.requests[0].headers["user-agent"], undefined);
    assert.notEqual(server.requests[1].headers["user-agent"], undefined);
  } finally {
    await server.close();
  }
});

test("a connection that breaks mid-stream fails it after the items before, as over fetch", async () => {
  const server = await streamServer(async (res) => {
    res.write(frames(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket.destroy();
  });
  try {
    const direct = await read(new PotoClient({ baseUrl: server.url }));
    const fetched = await read(new PotoClient({ baseUrl: server.url, fetch: globalThis.fetch }));
    assert.equal(direct.items.length, 3);
    assert.deepStrictEqual(direct.items, fetched.items);
    assert.equal(direct.error?.code, fetched.error?.code);
    assert.equal(direct.error?.code, "transport_error");
  } finally {
    await server.close();
  }
});

test("an error answer to a stream request is its problem, as over fetch", async () => {
  const server = await fakeServer((req, res) => {
    res.writeHead(403, { "Content-Type": "application/problem+json" });
    res.end(JSON.stringify({ type: "about:blank", title: "Forbidden", status: 403, code: "forbidden", detail: "no" }));
  });
  try {
    const direct = await read(new PotoClient({ baseUrl: server.url }));
    const fetched = await read(new PotoClient({ baseUrl: server.url, fetch: globalThis.fetch }));
    assert.equal(direct.error?.code, "forbidden");
    assert.equal(direct.error?.status, 403);
    assert.equal(direct.error?.message, fetched.error?.message);
  } finally {
    await server.close();
  }
});

test("an interceptor that reads a copy of the answer, or replaces it, still gets every item to the stream", async () => {
  const server = await streamServer(whole);
  try {
    let copied;
    const reading = new PotoClient({ baseUrl: server.url, interceptors: [(next) => async (req) => {
      const answer = await next(req);
      copied = answer.clone().text();
      return answer;
    }] });
    const read1 = await read(reading);
    assert.equal(read1.error, undefined);
    assert.equal(read1.items.length, 1000);
    assert.equal(await copied, frames(0, 1000) + "event: end\ndata: {}\n\n");
    const replacing = new PotoClient({ baseUrl: server.url, interceptors: [(next) => async (req) => {
      const answer = await next(req);
      return new Response(answer.body, answer);
    }] });
    const read2 = await read(replacing);
    assert.equal(read2.error, undefined);
    assert.deepStrictEqual(read2.items, read1.items);
  } finally {
    await server.close();
  }
});

test("leaving a stream early over node:http closes its connection", async () => {
  let closed;
  const server = await fakeServer(async (req, res) => {
    closed = new Promise((resolve) => res.on("close", resolve));
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.write(frames(0, 10));
    // and nothing more: only the client can end it
  });
  try {
    const client = new PotoClient({ baseUrl: server.url });
    let seen = 0;
    for await (const item of client.stream("feed", "items", {}, undefined, { result: Rec })) {
      assert.equal(item.seq, seen);
      if (++seen === 5) break;
    }
    await closed;
    assert.equal(server.requests[0].headers["user-agent"], undefined, "read over node:http");
  } finally {
    await server.close();
  }
});

test("a dispatcher the application gave Node's fetch (a proxy, a mock) still sees every stream", async () => {
  // What undici's setGlobalDispatcher does, with a dispatcher that answers by itself.
  const slot = Symbol.for("undici.globalDispatcher.1");
  const before = globalThis[slot];
  const seen = [];
  globalThis[slot] = new (class MockAgent {
    dispatch(options, handler) {
      seen.push(options.path);
      handler.onConnect(() => {});
      handler.onHeaders(200, [Buffer.from("content-type"), Buffer.from("text/event-stream")], () => {}, "OK");
      handler.onData(Buffer.from(frames(0, 3) + "event: end\ndata: {}\n\n"));
      handler.onComplete([]);
      return true;
    }
    close() {}
    destroy() {}
  })();
  try {
    // No server listens there: only the application's dispatcher can answer.
    const direct = await read(new PotoClient({ baseUrl: "http://127.0.0.1:5999" }));
    assert.equal(direct.error, undefined);
    assert.equal(direct.items.length, 3);
    assert.deepStrictEqual(seen, ["/poto/feed/items"]);
  } finally {
    globalThis[slot] = before;
  }
});
