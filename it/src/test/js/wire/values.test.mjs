// Every mapped type, sent from TS through the generated client to Java and back, compared exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, rejection, Color_VALUES } from "./client.mjs";

const { client, wire } = connect();
await client.loginAsVisitor();

const bytes = (...values) => new Uint8Array(values);

function everything() {
  return {
    flag: true, boxedFlag: false,
    tiny: -128, small: 32767, count: -2147483648, ratio: 0.5, amount: 1.25e-7,
    boxedCount: 2147483647, boxedAmount: -0.125,
    big: Number.MAX_SAFE_INTEGER, boxedBig: -Number.MAX_SAFE_INTEGER,
    letter: "λ", text: "héllo \u{1F600} \"quoted\" \n new line", id: "0b5e0c1a-4e47-4f1e-9c0e-8a5f1d0b9c3d",
    price: "12345678901234567890.123456789", huge: "-123456789012345678901234567890",
    blob: bytes(0, 1, 127, 128, 255),
    at: "2024-02-29T23:59:58.123456789Z",
    offsetAt: "1970-01-01T00:00:00.001+05:30",
    day: "2024-02-29",
    localAt: "2023-12-31T23:59:59.999",
    timeout: "PT1H30M",
    color: "deep-blue",
    shape: { kind: "stamp", at: "2001-09-09T01:46:40Z", image: bytes(9, 8, 7) },
    shapes: {
      items: [{ kind: "circle", radius: 1 }, { kind: "rect", width: 2, height: 3 },
        { kind: "stamp", at: "2020-01-01T00:00:00Z", image: bytes() }],
      page: 1, total: 3,
    },
    tree: {
      name: "root", planted: "1999-01-01",
      children: [{ name: "a", planted: "2000-02-29", children: [{ name: "a1", planted: "2001-03-01", children: [] }] }],
    },
    inner: { label: "inner", chunks: [bytes(1), bytes(), bytes(2, 3)] },
    list: ["x", "y", ""], set: [1, 2, 3], array: ["a", "b"], matrix: [[1, 2], [], [3]],
    instants: ["1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z"],
    byKey: { first: "2022-06-01T00:00:00Z", "with space": "2022-06-02T00:00:00Z" },
    byColor: { RED: 1, "deep-blue": 3 },
    maybeText: "present", maybeAt: "2010-10-10T10:10:10.010Z",
    nullableText: "also present", nullableInner: { label: "n", chunks: [] },
    sparse: ["a", null, "c"],
  };
}

test("every mapped type survives the round trip unchanged", async () => {
  const value = everything();
  const back = await wire.echo(value);
  assert.deepStrictEqual(back, value);
  assert.ok(back.blob instanceof Uint8Array && back.inner.chunks[2] instanceof Uint8Array);
});

test("absent and null optional values come back as null", async () => {
  const value = { ...everything(), maybeText: null, nullableInner: null };
  delete value.maybeAt;
  delete value.nullableText;
  const back = await wire.echo(value);
  assert.deepStrictEqual(back, { ...value, maybeAt: null, nullableText: null });
});

test("long: safe integers travel, anything beyond 2^53 - 1 is refused both ways", async () => {
  assert.equal(await wire.echoLong(Number.MAX_SAFE_INTEGER - 1, 1), Number.MAX_SAFE_INTEGER);
  assert.equal(await wire.echoLong(-Number.MAX_SAFE_INTEGER, 0), -Number.MAX_SAFE_INTEGER);
  const encode = await rejection(wire.echoLong(2 ** 53, 0));
  assert.equal(encode.code, "invalid_argument");
  assert.equal(encode.status, 0);
  const fraction = await rejection(wire.echoLong(1.5, 0));
  assert.equal(fraction.code, "invalid_argument");
  const decode = await rejection(wire.tooBig());
  assert.equal(decode.code, "invalid_response");
  assert.match(decode.message, /safe integer/);
});

test("BigDecimal and BigInteger are exact strings", async () => {
  assert.deepStrictEqual(
    await wire.exact("0.1", "123456789012345678901234567890"),
    ["0.1", "123456789012345678901234567890", "1.1"]);
});

test("char, UUID sets, arrays, enums as keys", async () => {
  assert.equal(await wire.echoChar("é"), "é");
  const ids = ["00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000001"];
  assert.deepStrictEqual(await wire.uuids(ids, "00000000-0000-0000-0000-000000000003"),
    ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003"]);
  assert.deepStrictEqual(await wire.arrays([1, 3], ["a", "b", "c"]), ["a", "bbb"]);
  assert.deepStrictEqual(Color_VALUES, ["RED", "GREEN", "deep-blue"]);
  assert.deepStrictEqual(await wire.countColors(["RED", "deep-blue", "RED"]), { RED: 2, "deep-blue": 1 });
});

test("byte[] parameters are base64 and a byte[] result arrives as a Uint8Array", async () => {
  const data = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
  const reversed = await wire.reversed(data);
  assert.ok(reversed instanceof Uint8Array);
  assert.deepStrictEqual(reversed, data.slice().reverse());
  const inner = await wire.chunks([bytes(1, 2), bytes()]);
  assert.deepStrictEqual(inner, { label: "chunks", chunks: [bytes(1, 2), bytes()] });
});

test("dates made in Java arrive as their exact ISO-8601 text: offsets and wall-clock times unchanged", async () => {
  assert.equal(await wire.fixedInstant(), "2024-02-29T23:59:58.123Z");
  assert.equal(await wire.fixedOffset(), "2024-03-01T01:00:00.5+02:00");
  assert.equal(await wire.fixedLocal(), "1999-12-31T23:59:59.25");
});

test("dates sent from TS mean the same in Java", async () => {
  const described = await wire.describeDates(
    "2024-01-02T03:04:05.678Z", "2024-01-02T05:04:05.6+02:00", "2024-01-02", "2024-01-02T03:04:05.678", "PT2M");
  assert.deepStrictEqual(described, {
    at: "2024-01-02T03:04:05.678Z", offsetAt: "2024-01-02T03:04:05.600Z", day: "2024-01-02",
    localAt: "2024-01-02T03:04:05.678", timeoutSeconds: "120",
  });
});

test("a generic page of a sealed union, each variant decoded by its tag", async () => {
  const page = await wire.shapes(4);
  assert.deepStrictEqual(page, {
    items: [{ kind: "circle", radius: 1.5 }, { kind: "rect", width: 2, height: 3 },
      { kind: "stamp", at: "2020-01-01T00:00:00Z", image: bytes(1, 2, 3) }],
    page: 4, total: 3,
  });
  assert.equal(await wire.area({ kind: "rect", width: 2, height: 4 }), 8);
  assert.equal(await wire.area({ kind: "stamp", at: new Date().toISOString(), image: bytes(1, 2, 3, 4) }), 4);
});

test("a recursive type", async () => {
  const tree = await wire.tree(2);
  assert.equal(tree.children.length, 2);
  assert.deepStrictEqual(tree.children[1].children[0], { name: "root.1.0", planted: "2000-01-31", children: [] });
});

test("Optional and @Nullable parameters may be null or left out", async () => {
  assert.equal(await wire.maybe("x"), "X");
  assert.equal(await wire.maybe(null), null);
  assert.equal(await wire.maybe(), null);
  assert.equal(await wire.nullable("y"), "y!");
  assert.equal(await wire.nullable(), null);
});
