// Edge values of every exact TypeScript mapping, through the GENERATED client of the round-trip module
// (RoundTripModule, which JavaClientRoundTripTest drives through the Java client) against the live Java
// server: as arguments, results and stream items, compared exactly (Object.is for -0 and NaN), and where
// it matters also as Java saw them, so a change on the way in cannot hide behind one on the way out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, rejection } from "./client.mjs";

const { roundtrip } = connect();

/** deepStrictEqual, but numbers compared with Object.is (so -0 !== 0 and NaN === NaN). */
function assertSame(actual, expected, path = "value") {
  if (typeof expected === "number") {
    assert.ok(Object.is(actual, expected), `${path}: expected ${Object.is(expected, -0) ? "-0" : expected}, got ${Object.is(actual, -0) ? "-0" : actual}`);
  } else if (expected !== null && typeof expected === "object" && !(expected instanceof Date)) {
    assert.deepStrictEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertSame(actual[key], expected[key], `${path}.${key}`);
  } else {
    assert.deepStrictEqual(actual, expected, path);
  }
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const DOUBLES = [NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.1, 1e300];

test("double and float: NaN, ±Infinity and -0 cross both ways, as arguments, results and stream items", async () => {
  const value = {
    d: -0, f: NaN, boxed: -Infinity, list: DOUBLES,
    byKey: Object.fromEntries([["__proto__", -0], ["inf", Infinity], ["nan", NaN], ["half", 1.5]]),
  };
  assertSame(await roundtrip.floats(value), value);
  assertSame(await roundtrip.floats({ ...value, boxed: null }), { ...value, boxed: null });
  assert.deepStrictEqual(await roundtrip.seeDoubles([-0, NaN, Infinity, -Infinity, 0, 5e-324]),
    ["-0.0", "NaN", "Infinity", "-Infinity", "0.0", "4.9E-324"]);
  assertSame(await collect(roundtrip.doubleStream(DOUBLES)), DOUBLES);
});

test("long as bigint: every 64-bit value, in records, lists, arrays, map values, Optional and streams", async () => {
  const MAX = 2n ** 63n - 1n;
  const MIN = -(2n ** 63n);
  const value = {
    one: MAX, boxed: MIN, many: [0n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, MAX, MIN],
    byKey: Object.fromEntries([["__proto__", MAX], ["constructor", 1n], ["toString", MIN]]),
    maybe: MIN, array: [1n, 2n ** 62n],
  };
  assert.deepStrictEqual(await roundtrip.longs(value), value);
  assert.deepStrictEqual(await roundtrip.longs({ ...value, maybe: null }), { ...value, maybe: null });
  assert.equal(await roundtrip.nextLong(MAX), MIN);
  assert.equal(await roundtrip.nextLong(2n ** 53n), 2n ** 53n + 1n);
  assert.deepStrictEqual(await collect(roundtrip.longStream(value.many)), value.many);
  const tooBig = await rejection(roundtrip.nextLong(MAX + 1n));
  assert.equal(tooBig.code, "invalid_argument");
  assert.equal(tooBig.status, 0, "refused before anything was sent");
});

test("long as number (the default) stays exact or is refused loudly", async () => {
  assert.equal(await roundtrip.plainLong(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  assert.equal((await rejection(roundtrip.plainLong(2 ** 53))).code, "invalid_argument");
  assert.equal((await rejection(roundtrip.plainLong(1n))).code, "invalid_argument");
});

const TIMES = {
  instant: "2024-03-31T01:30:15.123456789Z",
  offset: "2024-03-31T02:30:15.000000001+14:00",
  zoned: "2024-03-31T03:30:15.5+02:00[Europe/Paris]",
  local: "2024-03-31T02:30:00", // a wall-clock time inside the DST gap of Europe/Paris: it must not move
  day: "2024-02-29",
  time: "23:59:59.999999999",
  duration: "PT48H0.000000001S",
  period: "P1Y-2M3D",
  year: "2024",
  month: "2024-02",
  zone: "Europe/Paris",
  date: new Date(-1),
};

test("java.time keeps nanoseconds, offsets, zones and wall-clock fields; java.util.Date is a Date", async () => {
  const back = await roundtrip.times(TIMES);
  assert.deepStrictEqual(back, TIMES);
  assert.ok(back.date instanceof Date);
  assert.deepStrictEqual(await roundtrip.seeTimes(TIMES), [
    "2024-03-31T01:30:15.123456789Z", "2024-03-31T02:30:15.000000001+14:00",
    "2024-03-31T03:30:15.500+02:00[Europe/Paris]", "2024-03-31T02:30", "2024-02-29", "23:59:59.999999999",
    "PT48H0.000000001S", "P1Y-2M3D", "2024", "2024-02", "Europe/Paris", "-1"]);
  const other = { ...TIMES, instant: "-1000000-01-01T00:00:00Z", local: "+10000-01-01T00:00:00", date: new Date(Date.UTC(2038, 0, 19)) };
  assert.deepStrictEqual(await collect(roundtrip.timeStream([TIMES, other])), [TIMES, other]);
});

test("map keys: Integer, Long, UUID, LocalDate and Boolean keys exactly; __proto__, constructor, toString survive", async () => {
  const odd = (value) => Object.fromEntries([["__proto__", value], ["constructor", value], ["toString", value], ["", value]]);
  const value = {
    ints: { "-2147483648": "min", "2147483647": "max", "0": "zero" },
    longs: { "9223372036854775807": "max", "-9223372036854775808": "min" },
    ids: { "00000000-0000-0000-0000-000000000001": "one" },
    days: { "2024-02-29": "leap" },
    flags: { "true": "yes", "false": "no" },
    doubles: odd(-0),
    plain: odd("x"),
  };
  assertSame(await roundtrip.keys(value), value);
  const seen = await roundtrip.seeKeys(value);
  assert.ok(seen.includes("Long:9223372036854775807") && seen.includes("Integer:-2147483648"), seen.join());
  assert.ok(seen.includes("String:__proto__") && seen.includes("UUID:00000000-0000-0000-0000-000000000001"), seen.join());
  assert.ok(seen.includes("LocalDate:2024-02-29") && seen.includes("Boolean:true"), seen.join());
});

test("two records with the same simple name stay distinct", async () => {
  assert.deepStrictEqual(await roundtrip.labels({ text: "a" }, { weight: 2 }), { a: { text: "a" }, b: { weight: 2 } });
});

test("JsonNode values: any JSON, big integers as bigints, -0.0 kept, odd keys kept", async () => {
  const value = {
    n: 123456789012345678901234567890n, small: 1, neg: -0, text: "\u2028", list: [null, true, [], {}],
    nested: Object.fromEntries([["__proto__", { n: -9223372036854775809n }]]),
  };
  assertSame(await roundtrip.json(value), value);
  assertSame(await roundtrip.jsonObject(value), value);
  // Integers within ±(2^53 - 1) are numbers, beyond are bigints, whichever way they were sent.
  assertSame(await roundtrip.jsonArray([1n, -0, "x", 2n ** 64n]), [1, -0, "x", 2n ** 64n]);
  assert.equal(await roundtrip.json("text"), "text");
  assert.match(await roundtrip.seeJson({ n: 2n ** 64n }), /^\{"n":18446744073709551616\} \[NUMBER\/BIG_INTEGER\]$/);
  assert.equal((await rejection(roundtrip.json({ bad: NaN }))).code, "invalid_argument");
});

test("beans: a computed getter arrives but is never sent back; a setter-only property is sent", async () => {
  const back = await roundtrip.profile({ points: 21, nickname: "ada", referrer: "bob" });
  assert.deepStrictEqual(back, { points: 21, nickname: "ada", doublePoints: 42 });
  // The answer, sent back as it is: its output-only property is left out, so the server accepts it.
  assert.equal(await roundtrip.seeProfile({ ...back, referrer: "eve" }), "21,ada,eve");
});

test("parameters named like TypeScript reserved words keep their names on the wire", async () => {
  assert.deepStrictEqual(await roundtrip.reserved("d", "f", null), { delete: "d", function: "f", opts: "null" });
});

test("records in lists in maps in records keep nulls exactly where each level allows them", async () => {
  const inner = { sparseByKey: { x: [null, "y"] }, maybeRows: [null, []], cells: {}, next: null };
  const deep = {
    sparseByKey: { a: ["p", null] }, maybeRows: [["r"], null],
    cells: { c: [{ notes: [null, "n"], tags: ["t"] }] }, next: inner,
  };
  assert.deepStrictEqual(await roundtrip.echoDeep(deep), deep);
});

test("java.time and Date at the ends of their ranges: Instant.MIN/MAX, Year and YearMonth as Java writes them", async () => {
  const edge = {
    ...TIMES, instant: "+1000000000-12-31T23:59:59.999999999Z", year: "5", month: "12345-06",
    date: new Date(Date.UTC(1000, 0, 1)),
  };
  assert.deepStrictEqual(await roundtrip.times(edge), edge);
  const seen = await roundtrip.seeTimes(edge);
  assert.deepStrictEqual([seen[0], seen[8], seen[9]], ["+1000000000-12-31T23:59:59.999999999Z", "5", "12345-06"]);
  const low = { ...TIMES, instant: "-1000000000-01-01T00:00:00Z", year: "-999999999", month: "-0001-12" };
  assert.deepStrictEqual(await roundtrip.times(low), low);
  assert.deepStrictEqual(await collect(roundtrip.timeStream([edge, low])), [edge, low]);
});

test("a Date means the same instant in Java: before the Gregorian reform, in year 0 and before, at its limits", async () => {
  // Java's Date text used to be Julian before 1582-10-15: 1000-01-01 arrived 5 days later.
  for (const millis of [Date.UTC(1000, 0, 1), Date.UTC(1582, 9, 4), Date.UTC(1582, 9, 15), -62167219200000, -62198755200000,
    8.64e15, -8.64e15, Date.UTC(10000, 0, 1)]) {
    const value = { ...TIMES, date: new Date(millis) };
    assert.equal((await roundtrip.seeTimes(value))[11], String(millis), new Date(millis).toISOString());
    assert.equal((await roundtrip.times(value)).date.getTime(), millis, new Date(millis).toISOString());
  }
});

test("a float takes only a number it gives back unchanged, as a value and a map value", async () => {
  const base = { d: 0, f: 0, boxed: null, list: [], byKey: {} };
  for (const f of [0.1, 1.4e-45, 3.4028235e38, 16777216, -0, 123456.79]) {
    assertSame((await roundtrip.floats({ ...base, f, byKey: { k: f } })).f, f);
  }
  // A float would answer another number: 16777216, 123456.79, 0.3, 0.33333334.
  for (const f of [16777217, 123456.789, 0.1 + 0.2, 1 / 3]) {
    const refused = await rejection(roundtrip.floats({ ...base, f }));
    assert.equal(refused.code, "invalid_argument", String(f));
    assert.equal(refused.status, 400);
    assert.match(refused.message, /is not a float/);
    assert.equal((await rejection(roundtrip.floats({ ...base, byKey: { k: f } }))).code, "invalid_argument");
  }
});

test("a set comes back in the order sent, and a repeated element is refused, not dropped", async () => {
  assert.deepStrictEqual(await roundtrip.echoSet([3, 1, 2]), [3, 1, 2]);
  const repeated = await rejection(roundtrip.echoSet([1, 2, 1]));
  assert.equal(repeated.code, "invalid_argument");
  assert.match(repeated.message, /value\[2\]/);
});

test("map keys are sent as Java writes them, or refused: never two keys merged into one", async () => {
  const keys = { ints: {}, longs: {}, ids: {}, days: {}, flags: {}, doubles: {}, plain: {} };
  const merged = await rejection(roundtrip.keys({ ...keys, ints: { "5": "a", "05": "b" } }));
  assert.equal(merged.code, "invalid_argument");
  const cased = await rejection(roundtrip.keys({
    ...keys, ids: { "0000000a-0000-0000-0000-000000000000": "a", "0000000A-0000-0000-0000-000000000000": "b" },
  }));
  assert.equal(cased.code, "invalid_argument");
});

test("strings cross unchanged both ways: lone surrogates, NUL, BOM, line separators, unnormalized forms", async () => {
  const strings = ["", "\ud800", "x\udc00y", "\udbff", "\u0000nul", "\ufeffbom", "\u2028\u2029", "e\u0301", "\u00e9",
    "\uffff\ufffe", "😀 👩‍👩‍👧", "\r\n\t", "</script>", "é".repeat(70_000)];
  for (const text of strings) {
    assert.equal(await roundtrip.echoString(text), text, JSON.stringify(text.slice(0, 20)));
  }
  // NFC and NFD spellings of "é" stay two different strings: nothing normalizes them.
  assert.notEqual(await roundtrip.echoString("e\u0301"), "\u00e9");
  assert.deepStrictEqual(await collect(roundtrip.streamStrings(strings)), strings);
  assert.deepStrictEqual(await roundtrip.echoList(strings), strings);
  for (const letter of ["\ud800", "\udfff", "\u0000", "\ufeff", "\u2028"]) {
    assert.equal(await roundtrip.echoChar(letter), letter);
  }
  const keys = Object.fromEntries([["e\u0301", 1], ["\u00e9", 2], ["\u0000", 3], ["\ufeff", 4], ["😀", 5]]);
  assert.deepStrictEqual(await roundtrip.echoMap(keys), keys);
  // A lone surrogate cannot be an object key (the parser refuses it): loud, never another key.
  assert.equal((await rejection(roundtrip.echoMap({ "\ud800": 1 }))).code, "malformed_json");
});
