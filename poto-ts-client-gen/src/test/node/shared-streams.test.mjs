// Streams over a shared connection (poto-shared-streams.ts): the connection's reader decodes each
// stream's items with the stream's typed parser, as a direct stream does, and hands every other frame to
// the stream. Whatever arrives, a stream sees exactly what the same frames give on a request of its own:
// the same items, the same errors with the same paths, after the same items; however the connection's
// bytes are split (inside frames, inside multi-byte characters), whichever streams' frames interleave.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeServer, json, problem, RUNTIME, visitorToken } from "./support.mjs";

const { PotoClient } = await import(RUNTIME);
const { readerFor, readWith } = await import(new URL("poto-readers.js", RUNTIME));
const { parseJson } = await import(new URL("poto-codecs.js", RUNTIME));
const { EventChunks, endsWhole } = await import(new URL("poto-events.js", RUNTIME));

const Rec = { fields: { seq: "int", label: "string", value: "long" } };
const Num = { fields: { x: "double", n: "long", at: { nullable: "instant" } }, optional: ["at"] };
const record = (seq, label, value) => `{"seq":${seq},"label":${label},"value":${value}}`;
const item = (text) => `event: item\ndata: ${text}\n\n`;
const END = 'event: end\ndata: {"count":0}\n\n';
const encode = (text) => new TextEncoder().encode(text);

/**
 * A server with one shared connection "c1". Once `count` streams have started, `wire(ids)` (ids in the
 * order the streams were started) is written on the connection in chunks of `size` bytes, each on its
 * own (an array: each of its texts as a chunk). Cancel requests are collected in `cancels` (each resolves `cancelled(stream)`).
 */
async function sharedServer(count, size, wire) {
  const ids = [];
  const cancels = [];
  const waiting = new Map();
  let connection;
  const server = await fakeServer(async (req, res, entry) => {
    if (req.url.endsWith("/_auth/visitor")) return visitorToken(res, "t1");
    if (req.url.endsWith("/_streams")) {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write('event: open\ndata: {"connection":"c1","maxStreams":256}\n\n');
      connection = res;
      return undefined;
    }
    if (req.url.endsWith("/_streams/cancel")) {
      cancels.push(entry.body.stream);
      waiting.get(entry.body.stream)?.();
      res.statusCode = 204;
      return res.end();
    }
    assert.equal(req.headers["poto-stream-connection"], "c1");
    const stream = req.headers["poto-stream-id"];
    ids.push(stream);
    json(res, 200, { stream });
    if (ids.length === count) {
      const texts = wire(ids);
      const bytes = encode(Array.isArray(texts) ? "" : texts);
      const chunks = Array.isArray(texts) ? texts.map(encode)
        : Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      for (const chunk of chunks) {
        connection.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return undefined;
  });
  return {
    url: server.url,
    ids,
    cancels,
    cancelled: (stream) => (cancels.includes(stream) ? Promise.resolve()
      : new Promise((resolve) => waiting.set(stream, resolve))),
    close: async () => {
      connection?.end();
      await server.close();
    },
  };
}

/** Reads one stream to its end: {items} or {items, error}. */
async function read(poto, codec, limit = Infinity) {
  const items = [];
  try {
    for await (const value of poto.stream("feed", "items", {}, undefined, { result: codec })) {
      items.push(value);
      if (items.length === limit) break;
    }
    return { items };
  } catch (error) {
    return { items, error };
  }
}

/**
 * Reads `codecs.length` streams at once over one shared connection that carries `wire(ids)`; `after`
 * runs with the server before it closes.
 */
async function readShared(codecs, size, wire, options = {}, after = async () => undefined) {
  const server = await sharedServer(codecs.length, size, wire);
  const poto = new PotoClient({ baseUrl: server.url, streams: "page", ...options });
  try {
    await poto.loginAsVisitor();
    const results = await Promise.all(codecs.map((codec) => read(poto, codec)));
    await after(server);
    return { results, server };
  } finally {
    poto.close();
    await server.close();
  }
}

/** The same frames on a stream's own request, read whole: what the shared stream must give. */
async function readDirect(codec, frames) {
  const server = await fakeServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.end(frames);
  });
  try {
    return await read(new PotoClient({ baseUrl: server.url }), codec);
  } finally {
    await server.close();
  }
}

/** Each frame of `frames` tagged with its stream, as the server sends them on a shared connection. */
function tagged(stream, frames) {
  return frames.map((frame) => `stream: ${stream}\n${frame}`);
}

/** Frames of several streams, one of each in turn. */
function interleave(lists) {
  const out = [];
  for (let i = 0; lists.some((list) => i < list.length); i++) {
    for (const list of lists) if (i < list.length) out.push(list[i]);
  }
  return out.join("");
}

function sameOutcome(shared, direct, message) {
  assert.deepStrictEqual(shared.items, direct.items, message);
  assert.equal(shared.error?.code, direct.error?.code, `${message}: ${shared.error?.message}`);
  assert.equal(shared.error?.message, direct.error?.message, message);
}

const MIXED = [
  ": ping\n\n", item(record(0, '"é"', 1)), item(record(1, '"😀😀"', 2)), "event: item\r\ndata: " + record(2, '"crlf"', 3) + "\r\n\r\n",
  item('{"seq":3, "label":"space","value":4}'), item(record(4, '"a\\nb"', 5)),
  "event: item\ndata: {\"seq\":5,\ndata: \"label\":\"two lines\",\"value\":6}\n\n", item(record(6, '"ascii"', 7)),
];

test("interleaved streams get their items however the connection's bytes are split, multi-byte characters included", async () => {
  // a: every form of frame; b: plain records, then a wrong one; c: records, then an error event; d: records, then its end.
  const a = [...MIXED.filter((frame) => !frame.startsWith(":")), END, item(record(9, '"after the end"', 9))];
  const b = [...Array.from({ length: 5 }, (_, i) => item(record(i, `"b${i}"`, i))), item(record(5, "null", 5)), item(record(6, '"x"', 6))];
  const c = [item(record(0, '"c"', 0)), item(record(1, '"ç"', 1)),
    'event: error\ndata: {"status":500,"code":"internal_error","detail":"boom"}\n\n', item(record(2, '"x"', 2))];
  const d = [...Array.from({ length: 40 }, (_, i) => item(record(i, `"d${"x".repeat(i)}"`, i * 1000003))), END];
  const expected = await Promise.all([a, b, c, d].map((frames) => readDirect(Rec, frames.join(""))));
  assert.equal(expected[0].items.length, 7);
  assert.match(expected[1].error.message, /item\[5\]\.label: expected a string, got null/);
  assert.equal(expected[2].error.code, "internal_error");
  assert.equal(expected[3].items.length, 40);
  for (const size of [1, 2, 3, 5, 7, 13, 64, 100000]) {
    // A wrong item ends the stream here and cancels it on the server; the server's end or error needs no cancel.
    const { results, server } = await readShared([Rec, Rec, Rec, Rec], size,
      // Frames of streams this client does not read (another tab's, an id too long to be one) are passed over.
      (ids) => ": ping\n\n" + interleave([...[a, b, c, d].map((frames, i) => tagged(ids[i], frames)),
        tagged("tab9.1", d), tagged(`${ids[0]}${"x".repeat(64)}`, a)]), {},
      (started) => started.cancelled(started.ids[1]));
    results.forEach((result, i) => sameOutcome(result, expected[i], `stream ${"abcd"[i]}, chunks of ${size}`));
    assert.deepStrictEqual(server.cancels, [server.ids[1]], `chunks of ${size}`);
  }
});

test("every item text gives a shared stream what the general way gives: taken, declined or wrong", async () => {
  const recTexts = [record(0, '"item"', 0), record(2147483647, '""', 9007199254740991), record(-2147483648, '"~ \x7f"', -1),
    record(2147483648, '"x"', 1), record("-0", '"x"', 1), record("01", '"x"', 1), record("1.0", '"x"', 1), record("1e2", '"x"', 1),
    record(1, '"x"', 9007199254740992), record(1, '"x"', "12345678901234567"), record(1, '"a\\"b"', 1), record(1, '"\\u00e9"', 1),
    record(1, '"é😀\u2028"', 1), record(1, "null", 1), record('"1"', '"x"', 1), '{"label":"x","seq":1,"value":1}',
    '{"seq":1,"label":"x"}', '{"seq":1,"label":"x","value":1,"extra":1}', '{"seq":1,"label":"x","value":1,"seq":2}',
    '{ "seq":1,"label":"x","value":1}', "[]", "null", '{"__proto__":1,"seq":1,"label":"x","value":1}'];
  const numTexts = ['{"x":1.5,"n":2}', '{"x":-0,"n":0}', '{"x":-0.0,"n":-0}', '{"x":1e400,"n":1}', '{"x":"NaN","n":1}',
    '{"x":5e-324,"n":-9007199254740991}', '{"x":1,"n":1,"at":null}', '{"x":1,"n":1,"at":"2024-03-31T01:30:15.123456789Z"}',
    '{"x":1,"n":1,"at":"2024-13-31T01:30:15Z"}', '{"x":0.1000000000000000055511151231257827,"n":1}'];
  const cases = [...recTexts.map((text) => [Rec, text]), ...numTexts.map((text) => [Num, text])];
  const general = (codec, text) => {
    try {
      return { items: [readWith(readerFor(codec), parseJson(text, "r1", false), "r1", "item", 0)] };
    } catch (error) {
      return { items: [], error };
    }
  };
  for (const size of [7, 100000]) {
    const { results } = await readShared(cases.map(([codec]) => codec), size,
      (ids) => interleave(cases.map(([, text], i) => tagged(ids[i], [item(text), END]))));
    results.forEach((result, i) => {
      const [codec, text] = cases[i];
      const expected = general(codec, text);
      assert.deepStrictEqual(result.items, expected.items, `${text}, chunks of ${size}`);
      assert.equal(result.error?.message, expected.error?.message, `${text}, chunks of ${size}`);
      for (const [key, value] of Object.entries(result.items[0] ?? {})) {
        assert.ok(Object.is(value, expected.items[0][key]), `${text}: ${key} keeps its sign`);
      }
    });
  }
});

test("the connection's reader decodes a stream's items itself: no JSON.parse per item, also after another script's character", async () => {
  const frames = (ids) => [...tagged(ids[0], Array.from({ length: 100 }, (_, i) => item(record(i, i === 3 ? '"é"' : '"x"', i)))),
    ...tagged(ids[1], Array.from({ length: 100 }, (_, i) => item(`{"x":${i}.5,"n":${i}}`))), ...tagged(ids[0], [END]),
    ...tagged(ids[1], [END])];
  const parse = JSON.parse;
  let parsed = 0;
  JSON.parse = (...args) => {
    parsed++;
    return parse(...args);
  };
  try {
    for (const wire of [(ids) => frames(ids).join(""), (ids) => frames(ids)]) { // one chunk; a chunk per frame
      parsed = 0;
      const { results } = await readShared([Rec, Num], 100000, wire);
      assert.deepStrictEqual(results[0].items.map((r) => r.label).join(""), `xxxé${"x".repeat(96)}`);
      assert.deepStrictEqual(results[1].items.map((r) => r.x), Array.from({ length: 100 }, (_, i) => i + 0.5));
      // One chunk holding é: all of it the general way; a chunk per frame: only é's item (plus the answers and end frames).
      assert.ok(Array.isArray(wire(["a", "b"])) ? parsed < 20 : parsed >= 200, `${parsed} JSON.parse calls`);
    }
  } finally {
    JSON.parse = parse;
  }
});

test("a shared stream's frames count against the frame size limit in UTF-8 bytes, typed items too", async () => {
  const id = "x".repeat(14); // the length of the client's stream ids: 12 characters of its prefix, ".1"
  for (const label of [`"${"a".repeat(200)}"`, `"${"é".repeat(100)}"`]) { // read by the typed parser, and the general way
    const frame = `stream: ${id}\n${item(record(1, label, 2))}`;
    const bytes = encode(frame).length;
    const wire = (ids) => {
      assert.equal(ids[0].length, id.length);
      return tagged(ids[0], [item(record(0, '"a"', 1)), item(record(1, label, 2)), END]).join("");
    };
    for (const size of [3, 100000]) {
      const fits = await readShared([Rec], size, wire, { maxFrameBytes: bytes });
      assert.equal(fits.results[0].error, undefined, `${label.length}, chunks of ${size}`);
      assert.equal(fits.results[0].items.length, 2);
      const over = await readShared([Rec], size, wire, { maxFrameBytes: bytes - 1 });
      assert.equal(over.results[0].error?.code, "stream_broken", `the connection is unusable, chunks of ${size}`);
      assert.deepStrictEqual(over.results[0].items.map((i) => i.seq), [0]);
    }
  }
});

test("leaving a shared stream early cancels it on the server; the others on the connection go on", async () => {
  const frames = (name) => [...Array.from({ length: 20 }, (_, i) => item(record(i, `"${name}"`, i))), END];
  const server = await sharedServer(2, 50, (ids) => interleave([tagged(ids[0], frames("a")), tagged(ids[1], frames("b"))]));
  const poto = new PotoClient({ baseUrl: server.url, streams: "page" });
  try {
    await poto.loginAsVisitor();
    const [early, whole] = await Promise.all([read(poto, Rec, 3), read(poto, Rec)]);
    assert.deepStrictEqual(early.items.map((i) => i.label), ["a", "a", "a"]);
    assert.equal(whole.error, undefined);
    assert.deepStrictEqual(whole.items.map((i) => i.seq), Array.from({ length: 20 }, (_, i) => i));
    await server.cancelled(server.ids[0]);
    assert.deepStrictEqual(server.cancels, [server.ids[0]], "only the stream left early is cancelled");
  } finally {
    poto.close();
    await server.close();
  }
});

test("a stream the connection's server node does not know runs directly, and is read the same way", async () => {
  let direct = 0;
  const server = await fakeServer((req, res) => {
    if (req.url.endsWith("/_auth/visitor")) return visitorToken(res, "t1");
    if (req.url.endsWith("/_streams")) {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      return res.write('event: open\ndata: {"connection":"c1","maxStreams":256}\n\n');
    }
    if (req.headers["poto-stream-id"] !== undefined) {
      return problem(res, 404, "unknown_connection", "no such connection here");
    }
    direct++;
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    return res.end(MIXED.join("") + END);
  });
  const poto = new PotoClient({ baseUrl: server.url, streams: "page" });
  try {
    await poto.loginAsVisitor();
    sameOutcome(await read(poto, Rec), await readDirect(Rec, MIXED.join("") + END), "the direct stream instead");
    assert.equal(direct, 1);
  } finally {
    poto.close();
    await server.close();
  }
});

test("a connection that breaks ends its streams as broken, after the items that arrived", async () => {
  const server = await sharedServer(1, 1000, (ids) => tagged(ids[0], [item(record(0, '"a"', 1)), item(record(1, '"b"', 2))]).join("")
    + `stream: ${ids[0]}\nevent: item\ndata: ${record(2, '"c"', 3)}`);
  const poto = new PotoClient({ baseUrl: server.url, streams: "page" });
  try {
    await poto.loginAsVisitor();
    const reading = read(poto, Rec);
    while (server.ids.length === 0) await new Promise((resolve) => setImmediate(resolve));
    setTimeout(() => server.close(), 50);
    const { items, error } = await reading;
    assert.deepStrictEqual(items.map((i) => i.seq), [0, 1]);
    assert.equal(error?.code, "stream_broken");
    assert.deepStrictEqual(server.cancels, [], "the server cancelled it already");
  } finally {
    poto.close();
    await server.close();
  }
});

test("a chunk after one with another script's character is read as ASCII again once no character is split", () => {
  const chunks = [encode("ab"), encode("é"), encode("cd"), encode("é").subarray(0, 1), encode("é").subarray(1), encode("ef"),
    encode("x😀").subarray(0, 3), encode("😀").subarray(2), encode("gh")];
  const seen = [];
  const parser = { feed: (text, ascii, handler, bytes) => seen.push([text, ascii, bytes !== undefined]) };
  const reader = new EventChunks();
  for (const value of chunks) reader.feed(parser, { done: false, value }, undefined);
  reader.feed(parser, { done: true, value: undefined }, undefined);
  assert.equal(seen.map(([text]) => text).join(""), "abécdéefx😀gh");
  // A split character keeps the decoder until a chunk ends whole: from the chunk after it on, ASCII again.
  assert.deepStrictEqual(seen.map(([, ascii]) => ascii), [true, false, true, false, false, false, false, false, false, true]);
  assert.ok(seen.every(([, ascii, bytes]) => ascii === bytes || (ascii && !bytes)), "bytes go with ASCII chunks only");
});

test("endsWhole is true only when a streaming TextDecoder holds none of the bytes back", () => {
  const samples = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x90];
  let checked = 0;
  for (const a of samples) for (const b of samples) for (const c of samples) {
    for (const bytes of [[a], [a, b], [a, b, c], [0x41, a, b, c], [0xf0, a, b, c]]) {
      const value = Uint8Array.from(bytes);
      if (!endsWhole(value)) continue;
      const decoder = new TextDecoder();
      decoder.decode(value, { stream: true });
      assert.equal(decoder.decode(), "", `nothing held back after ${bytes.map((x) => x.toString(16))}`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} byte sequences said whole`);
  for (const text of ["a", "é", "€", "😀", "a😀"]) assert.ok(endsWhole(encode(text)), text);
  for (const [text, cut] of [["é", 1], ["€", 1], ["€", 2], ["😀", 1], ["😀", 2], ["😀", 3]]) {
    assert.ok(!endsWhole(encode(text).subarray(0, cut)), `${text} cut after ${cut}`);
  }
});
