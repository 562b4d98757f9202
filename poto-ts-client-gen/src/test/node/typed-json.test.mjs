// Typed JSON parsers (poto-typed-json.ts): whatever a typed parser takes, it reads exactly as the general
// way (JSON.parse, then the type's reader) does; everything else it declines. And the direct stream
// reader that uses them: framing edges (chunks split anywhere, multi-byte characters split, CRLF,
// heartbeats, declined and wrong items, terminal events, the frame size limit).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeServer, RUNTIME } from "./support.mjs";

const { PotoClient, PotoError } = await import(RUNTIME);
const { typedParserFor, JsonCursor, DECLINED, COMPILED_RECORDS } = await import(new URL("poto-typed-json.js", RUNTIME));
const { readerFor, readWith } = await import(new URL("poto-readers.js", RUNTIME));
const { parseJson } = await import(new URL("poto-codecs.js", RUNTIME));

const Color = { enum: ["RED", "GREEN", "dark-blue"] };
const Rec = { fields: { seq: "int", label: "string", value: "long" } };
const Circle = { fields: { radius: "double" }, tags: { kind: "circle" } };
const Tree = { fields: { label: "string", children: { array: { ref: () => Tree } }, size: "long" } };
const Everything = {
  fields: {
    flag: "boolean", tiny: "byte", small: "short", count: "int", ratio: "float", amount: "double", big: "long",
    letter: "char", text: "string", id: "uuid", price: "decimal", at: "instant", day: "localDate", blob: "bytes",
    color: { ref: () => Color }, list: { array: "string" }, matrix: { array: { array: "int" } },
    maybe: { nullable: "int" }, note: { nullable: "string" }, constructor: "string",
  },
  optional: ["maybe", "note"],
};

/** The general way: JSON.parse (or the exact reader) and the type's reader; {value} or {error}. */
function general(codec, text, exactDigits) {
  try {
    return { value: readWith(readerFor(codec), parseJson(text, "r1", exactDigits), "r1", "item", 0) };
  } catch (error) {
    return { error };
  }
}

/**
 * The typed parser over all of `text`, or DECLINED (as the stream reader, which wants the line's end next).
 * The stream reader hands it only chunks that are ASCII; any other text is declined here as there.
 */
function typed(codec, text, exactDigits) {
  const compiled = typedOnce(codec, text, exactDigits, true);
  const interpreted = typedOnce(codec, text, exactDigits, false);
  if (compiled === DECLINED || interpreted === DECLINED) {
    assert.equal(compiled, interpreted, `compiled and interpreted parsers take the same texts: ${text}`);
  } else {
    assertSame(compiled, interpreted, `compiled and interpreted parsers agree: ${text}`);
  }
  return compiled;
}

/** The typed parser, compiled to code of its own or the interpreted one, over all of `text`. */
function typedOnce(codec, text, exactDigits, compiled) {
  const parser = typedParserFor(codec, exactDigits, compiled);
  assert.ok(parser !== undefined, "the codec has a typed parser");
  const line = `data: ${text}\n`;
  const bytes = new TextEncoder().encode(line);
  if (bytes.length !== line.length) return DECLINED;
  // A chunk is a view into a larger buffer: the parser must not read past the view's end.
  const buffer = new Uint8Array(bytes.length + 16).fill(0x22);
  buffer.set(bytes, 8);
  const cursor = new JsonCursor();
  cursor.reset(buffer.subarray(8, 8 + bytes.length), line);
  cursor.at = 6;
  const value = parser(cursor);
  return value !== DECLINED && cursor.at === line.length - 1 ? value : DECLINED;
}

/** deepStrictEqual (which tells -0 from 0), and the same property order at every level. */
function assertSame(actual, expected, message) {
  assert.deepStrictEqual(actual, expected, message);
  const order = (value) => JSON.stringify(value, (key, v) => (v !== null && typeof v === "object" && !Array.isArray(v)
    && !(v instanceof Uint8Array) ? Object.keys(v).map((k) => [k, v[k]]) : v));
  assert.equal(order(actual), order(expected), `${message}: property order`);
}

/** Taken texts equal the general way's answer; declined ones are read by it (value or error). */
function agree(codec, texts, exactDigits = false) {
  let taken = 0;
  for (const text of texts) {
    const fast = typed(codec, text, exactDigits);
    if (fast === DECLINED) continue;
    taken++;
    const slow = general(codec, text, exactDigits);
    assert.ok(slow.error === undefined, `typed parser took ${text}, which the general way refuses: ${slow.error?.message}`);
    assertSame(fast, slow.value, text);
  }
  return taken;
}

const record = (seq, label, value) => `{"seq":${seq},"label":${label},"value":${value}}`;

test("the server's compact records are read by the typed parser, exactly as by JSON.parse and the reader", () => {
  const texts = [record(0, '"item"', 0), record(2147483647, '""', 9007199254740991), record(-2147483648, '"~ \x7f"', -9007199254740991),
    record(41, '"a b"', 123456789012345), record(1, '""', 1234567890123456)];
  assert.equal(agree(Rec, texts), texts.length, "every compact record is taken");
  assertSame(typed(Rec, record(7, '"x"', -31)), { seq: 7, label: "x", value: -31 }, "a record");
  // Other characters are left to the general way (which the stream reader uses for chunks that hold them).
  assert.equal(agree(Rec, [record(-2147483648, '"é😀\u2028"', -9007199254740991)]), 0);
});

test("what the typed parser does not read exactly itself it declines, and the general way decides", () => {
  const declined = [
    record(2147483648, '"x"', 1), record(-2147483649, '"x"', 1), // out of an int's range: an error
    record("-0", '"x"', 1), record("01", '"x"', 1), record("1.0", '"x"', 1), record("1e2", '"x"', 1), // other forms of numbers
    record(1, '"x"', 9007199254740992), record(1, '"x"', "9999999999999999"), record(1, '"x"', "12345678901234567"), // beyond a safe long, 17 digits
    record(1, '"a\\"b"', 1), record(1, '"\\u00e9"', 1), record(1, '"tab\there"', 1), // escapes, and a control character
    record(1, "null", 1), record(1, "7", 1), record("null", '"x"', 1), record('"1"', '"x"', 1),
    '{"label":"x","seq":1,"value":1}', '{"seq":1,"label":"x"}', '{"seq":1,"label":"x","value":1,"extra":1}',
    '{"seq":1,"label":"x","value":1,"seq":2}', '{ "seq":1,"label":"x","value":1}', '{"seq": 1,"label":"x","value":1}',
    '{"seq":1,"label":"x","value":1', '{"seq":1,"label":"x","value":', '{"seq":1,"label":"x","value"', '{"seq":1,"lab', "",
    "[]", "null", "1", '"x"', '{"__proto__":1,"seq":1,"label":"x","value":1}',
  ];
  for (const text of declined) {
    assert.equal(typed(Rec, text), DECLINED, text);
  }
  // Every one the general way accepts is one it reads the same as before (`-0`, `1.0`, `1e2`, `01` refused...).
  assertSame(general(Rec, record("1.0", '"x"', 1)).value, { seq: 1, label: "x", value: 1 }, "1.0 as an int");
  assert.match(general(Rec, record(2147483648, '"x"', 1)).error.message, /item\[0\]\.seq: expected an int/);
});

test("every kind of position the typed parser reads agrees with the general way, edges included", () => {
  const base = {
    flag: "true", tiny: "-128", small: "32767", count: "-7", ratio: "1.5", amount: "-0.1", big: "-9007199254740991",
    letter: '"e"', text: '"x ~"', id: '"123e4567-e89b-12d3-a456-426614174000"', price: '"-1.50"', at: '"2024-03-31T01:30:15.123456789Z"',
    day: '"2024-02-29"', blob: '"AAEC/w=="', color: '"dark-blue"', list: '["a",""]', matrix: "[[1,2],[],[3]]",
    maybe: "null", note: '"n"', constructor: '"c"',
  };
  const text = (changes, drop = []) => `{${Object.entries({ ...base, ...changes }).filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `"${k}":${v}`).join(",")}}`;
  const variants = [
    text({ list: '["a","",null]' }), text({ list: "[]", matrix: "[]", maybe: "5" }), text({ flag: "false", maybe: "-2147483648" }),
    text({}, ["maybe", "note"]), text({}, ["maybe"]), text({}, ["note"]), text({ note: "null" }),
    text({ ratio: "3.4028235677973366e38" }), text({ ratio: "3.5e38" }), text({ ratio: "-0" }), text({ amount: "-0" }),
    text({ amount: "1e400" }), text({ amount: "-0.0" }), text({ amount: "1E-7" }), text({ amount: "0.1000000000000000055511151231257827" }),
    text({ amount: "12345678901234567890" }), text({ amount: '"NaN"' }), text({ amount: '"-Infinity"' }), text({ amount: "1." }),
    text({ amount: ".5" }), text({ amount: "01.5" }), text({ amount: "1e" }), text({ amount: "-" }), text({ tiny: "128" }),
    text({ small: "-32769" }), text({ letter: '"ab"' }), text({ letter: '""' }), text({ letter: '"😀"' }), text({ id: '"not-a-uuid"' }),
    text({ price: '"1.5.5"' }), text({ at: '"2024-13-31T01:30:15Z"' }), text({ at: '"2024-03-31T01:30:15+02:00"' }),
    text({ day: '"2023-02-29"' }), text({ blob: '"AAE"' }), text({ blob: '""' }), text({ color: '"BLUE"' }), text({ color: "null" }),
    text({ flag: "null" }), text({ flag: "1" }), text({ flag: "tru" }), text({ matrix: "[[1,2],[3.5]]" }), text({ matrix: "[[1,2]" }),
    text({ list: "[1]" }), text({ maybe: "5.5" }), text({ constructor: "1" }), text({ big: "1e3" }),
    text({ letter: '"é"' }), text({ text: '"😀 x"' }), // not ASCII: the general way
  ];
  assert.ok(agree(Everything, variants) >= 15, "the valid variants are taken");
  assert.notEqual(typed(Everything, text({})), DECLINED, "the base record is taken");
  assert.equal(typed(Everything, text({ ratio: "3.5e38" })), DECLINED, "beyond a float");
  assert.ok(Object.is(typed(Everything, text({ amount: "-0.0" })).amount, -0), "-0.0 keeps its sign");
  assert.ok(typed(Everything, text({})).blob instanceof Uint8Array, "bytes are converted");
});

test("tagged variants, enums, recursion and nullable records are read; maps, unions and JSON values are not", () => {
  assert.equal(agree(Circle, ['{"kind":"circle","radius":2.5}', '{"kind":"square","radius":2.5}', '{"radius":2.5,"kind":"circle"}',
    '{"radius":2.5}']), 1);
  assertSame(typed(Circle, '{"kind":"circle","radius":2}'), { kind: "circle", radius: 2 }, "a tagged variant");
  const tree = '{"label":"a","children":[{"label":"b","children":[],"size":1},{"label":"c","children":[],"size":2}],"size":3}';
  assert.equal(agree(Tree, [tree, '{"label":"a","children":[{"label":"b"}],"size":3}']), 1);
  assert.equal(agree({ array: { nullable: Rec } }, [`[${record(1, '"x"', 2)},null]`, "[null]", "[]", "[1]"]), 3);
  assert.equal(agree(Color, ['"RED"', '"dark-blue"', '"red"', "null"]), 2);
  for (const codec of [{ map: "int" }, { union: "kind", cases: { circle: Circle } }, "json", "bigint", { fields: { any: undefined } },
    { fields: { byKey: { map: "string" } } }, { array: "jsonObject" }]) {
    assert.equal(typedParserFor(codec, false), undefined, JSON.stringify(codec));
  }
  assert.equal(typedParserFor(undefined, false), undefined);
});

test("records are compiled outside pages, to a parser that takes and reads exactly what the interpreted one does", () => {
  assert.equal(COMPILED_RECORDS, true, "Node has no page and allows new Function");
  assert.notEqual(typedParserFor(Rec, false), typedParserFor(Rec, false, false), "the stream reader gets the compiled parser");
  // Optional properties first, between and last; tags before them; absent ones are left out, in declared order.
  const Sparse = { fields: { a: "int", b: "string", c: { nullable: "long" }, d: "boolean" }, optional: ["a", "c", "d"],
    tags: { type: "sparse" } };
  const Leading = { fields: { a: "int", b: "string", c: "int" }, optional: ["a", "b"] };
  const sparse = ['{"type":"sparse","a":1,"b":"x","c":2,"d":true}', '{"type":"sparse","b":"x"}', '{"type":"sparse","b":"x","d":false}',
    '{"type":"sparse","a":1,"b":"x","c":null}', '{"type":"sparse","a":1}', '{"b":"x"}', '{"type":"sparse","b":"x","a":1}',
    '{"type":"sparse","b":"x",}', '{"type":"sparse",,"b":"x"}', '{"type":"sparse","b":"x","c":2,"c":3}'];
  assert.equal(agree(Sparse, sparse), 4);
  assertSame(typed(Sparse, '{"type":"sparse","b":"x","d":false}'), { type: "sparse", b: "x", d: false }, "absent ones left out");
  const leading = ['{"c":1}', '{"a":1,"c":2}', '{"b":"x","c":2}', '{"a":1,"b":"x","c":2}', '{,"c":1}', '{"a":1"c":2}', '{"b":"x"}',
    '{"c":1,"a":1}', '{}'];
  assert.equal(agree(Leading, leading), 4);
  // A name that is not ASCII: no compiled parser, the interpreted one (which declines the record when it is there).
  const Odd = { fields: { "é": "int", plain: "int" }, optional: ["é"] };
  assert.equal(agree(Odd, ['{"plain":1}', '{"é":1,"plain":1}']), 1);
  // Names that need quoting or mean something to JavaScript stay plain properties.
  const Quoted = { fields: { "a\"b": "int", constructor: "string", "x-y": "string", $ref: "int" } };
  assert.equal(agree(Quoted, ['{"a\\"b":1,"constructor":"c","x-y":"z","$ref":2}']), 1);
  assert.equal(Object.getPrototypeOf(typed(Quoted, '{"a\\"b":1,"constructor":"c","x-y":"z","$ref":2}')), Object.prototype);
});

test("a call that keeps every digit leaves fractions to its exact reader", () => {
  const codec = { fields: { amount: "double", count: "int" } };
  const texts = ['{"amount":1.5,"count":1}', '{"amount":2,"count":1}', '{"amount":0.1000000000000000055511151231257827,"count":1}',
    '{"amount":12345678901234567890,"count":1}', '{"amount":-0,"count":1}'];
  assert.equal(agree(codec, texts, true), 1, "only the integer is taken");
  assert.equal(agree(codec, texts, false), 5, "a call that reads numbers as JavaScript does takes them all");
});

// ---- the direct stream reader with a typed parser ----

/** Streams `wire` (bytes) in chunks of `size`, each sent on its own. */
async function withStream(wire, size, body) {
  const server = await fakeServer(async (req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    for (let i = 0; i < wire.length; i += size) {
      res.write(wire.subarray(i, i + size));
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  });
  try {
    await body(new PotoClient({ baseUrl: server.url }), server.url);
  } finally {
    await server.close();
  }
}

async function read(poto, codec) {
  const items = [];
  try {
    for await (const item of poto.stream("feed", "items", {}, undefined, { result: codec })) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

const item = (text) => `event: item\ndata: ${text}\n\n`;

test("stream items arrive the same however the bytes are split: multi-byte characters, CRLF, heartbeats, declined items", async () => {
  const wire = new TextEncoder().encode([
    ": ping\n\n", item(record(0, '"é"', 1)), item(record(1, '"😀😀"', 2)), "event: item\r\ndata: " + record(2, '"crlf"', 3) + "\r\n\r\n",
    ": ping\n\n", item('{"seq":3, "label":"space","value":4}'), item(record(4, '"a\\nb"', 5)),
    "event: item\ndata: {\"seq\":5,\ndata: \"label\":\"two lines\",\"value\":6}\n\n", item(record(6, '"ascii"', 7)),
    "event: end\ndata: {\"count\":7}\n\n", item(record(7, '"after the end"', 8)),
  ].join(""));
  const expected = [
    { seq: 0, label: "é", value: 1 }, { seq: 1, label: "😀😀", value: 2 }, { seq: 2, label: "crlf", value: 3 },
    { seq: 3, label: "space", value: 4 }, { seq: 4, label: "a\nb", value: 5 }, { seq: 5, label: "two lines", value: 6 },
    { seq: 6, label: "ascii", value: 7 },
  ];
  for (const size of [1, 2, 3, 5, 7, 13, 64, wire.length]) {
    await withStream(wire, size, async (poto) => {
      const { items, error } = await read(poto, Rec);
      assert.equal(error, undefined, `chunks of ${size}: ${error?.message}`);
      assert.deepStrictEqual(items, expected, `chunks of ${size}`);
    });
  }
});

test("a wrong item fails the stream with its path after the items before it; an error event after them too", async () => {
  const wrong = new TextEncoder().encode(item(record(0, '"a"', 1)) + item(record(1, '"b"', 2)) + item(record(2, "null", 3))
    + item(record(3, '"d"', 4)) + "event: end\ndata: {\"count\":4}\n\n");
  await withStream(wrong, 10, async (poto) => {
    const { items, error } = await read(poto, Rec);
    assert.deepStrictEqual(items.map((i) => i.seq), [0, 1]);
    assert.ok(error instanceof PotoError);
    assert.equal(error.code, "invalid_response");
    assert.match(error.message, /item\[2\]\.label: expected a string, got null/);
  });
  const failed = new TextEncoder().encode(item(record(0, '"a"', 1)) + "event: error\ndata: {\"status\":500,\"code\":\"internal_error\","
    + "\"detail\":\"boom\"}\n\n" + item(record(1, '"b"', 2)));
  await withStream(failed, 1000, async (poto) => {
    const { items, error } = await read(poto, Rec);
    assert.deepStrictEqual(items.map((i) => i.seq), [0]);
    assert.equal(error.code, "internal_error");
    assert.equal(error.message, "boom");
  });
  const cut = new TextEncoder().encode(item(record(0, '"a"', 1)) + "event: item\ndata: " + record(1, '"b"', 2));
  await withStream(cut, 4, async (poto) => {
    const { items, error } = await read(poto, Rec);
    assert.deepStrictEqual(items.map((i) => i.seq), [0]);
    assert.equal(error.code, "stream_broken");
  });
});

test("items the typed parser reads count against the frame size limit in UTF-8 bytes", async () => {
  const small = item(record(0, '"a"', 1));
  const big = item(record(1, `"${"é".repeat(100)}"`, 2)); // 200 bytes of label in 100 characters
  const bytes = new TextEncoder().encode(big).length;
  const wire = new TextEncoder().encode(small + big + "event: end\ndata: {\"count\":2}\n\n");
  for (const size of [3, 1000]) {
    await withStream(wire, size, async (poto, url) => {
      const fits = await read(new PotoClient({ baseUrl: url, maxFrameBytes: bytes }), Rec);
      assert.equal(fits.error, undefined, `chunks of ${size}`);
      assert.equal(fits.items.length, 2);
      const over = await read(new PotoClient({ baseUrl: url, maxFrameBytes: bytes - 1 }), Rec);
      assert.equal(over.error?.code, "frame_too_large", `chunks of ${size}`);
      assert.deepStrictEqual(over.items.map((i) => i.seq), [0]);
    });
  }
});

test("leaving a typed stream early closes its request", async () => {
  let closed;
  const gone = new Promise((resolve) => { closed = resolve; });
  const server = await fakeServer(async (req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.on("close", closed);
    for (let i = 0; i < 3; i++) res.write(item(record(i, '"x"', i)));
  });
  try {
    const poto = new PotoClient({ baseUrl: server.url });
    const seen = [];
    for await (const rec of poto.stream("feed", "items", {}, undefined, { result: Rec })) {
      seen.push(rec.seq);
      if (rec.seq === 1) break;
    }
    assert.deepStrictEqual(seen, [0, 1]);
    await gone;
  } finally {
    await server.close();
  }
});

test("an item nested deeper than the stack allows fails the stream as invalid_response, after the items before it", async () => {
  const depth = 100000;
  const deep = '{"label":"a","children":['.repeat(depth) + '{"label":"b","children":[],"size":1}' + '],"size":1}'.repeat(depth);
  const wire = new TextEncoder().encode(item('{"label":"x","children":[],"size":0}') + item(deep) + "event: end\ndata: {\"count\":2}\n\n");
  await withStream(wire, 64 * 1024, async (poto) => {
    const { items, error } = await read(poto, Tree);
    assert.deepStrictEqual(items, [{ label: "x", children: [], size: 0 }]);
    assert.ok(error instanceof PotoError, `expected a PotoError, got ${error}`);
    assert.equal(error.code, "invalid_response");
    assert.match(error.message, /item\[1\]: nested too deeply to check/);
  });
});

test("an ASCII chunk is decoded by Buffer exactly as by TextDecoder; any other chunk is left to TextDecoder", async () => {
  const { asciiText } = await import(new URL("poto-events.js", RUNTIME));
  const ascii = new TextEncoder().encode(item(record(0, '"x\\u00e9 ~\x7f"', 1)) + ": ping\r\n\n");
  const inBuffer = new Uint8Array(ascii.length + 8).fill(0xc3);
  inBuffer.set(ascii, 4);
  const view = inBuffer.subarray(4, 4 + ascii.length); // a view into a larger buffer: only its own bytes count
  assert.equal(asciiText(view), new TextDecoder().decode(ascii));
  assert.equal(asciiText(new Uint8Array(0)), "");
  for (const other of [new TextEncoder().encode("é"), new TextEncoder().encode("x😀"), Uint8Array.of(0x41, 0x80),
    Uint8Array.of(0xff), Uint8Array.of(0x41, 0xc3)]) {
    assert.equal(asciiText(other), undefined, `${other}`);
  }
});
