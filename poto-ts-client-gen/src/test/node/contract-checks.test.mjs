// The generated shop client (golden .js files) checks every answer against the contract it was generated
// from, as the Java client does: results, stream items (direct and on a shared connection), each rule
// failing with invalid_response and the path of the wrong value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { fakeServer, json, RUNTIME, visitorToken } from "./support.mjs";
import { EVERYTHING_WIRE, ITEM } from "./shop-values.mjs";

const golden = fileURLToPath(new URL("../resources/golden/shop/", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "poto-checks-"));
for (const name of await readdir(golden)) {
  if (name.endsWith(".js")) await cp(join(golden, name), join(dir, name));
}
const runtimeDir = fileURLToPath(new URL(".", RUNTIME));
for (const name of await readdir(runtimeDir)) {
  if (name.endsWith(".js")) await cp(join(runtimeDir, name), join(dir, name));
}
const { PotoClient, PotoError, decodeValue } = await import(pathToFileURL(join(dir, "poto-runtime.js")));
const { ShopModuleClient } = await import(pathToFileURL(join(dir, "shop.js")));
test.after(() => rm(dir, { recursive: true, force: true }));

/** A client whose every call is answered with `text` (JSON), and streams with `items` then an end. */
async function answering(text, items, body) {
  const server = await fakeServer((req, res) => {
    if (req.headers["accept"] === "text/event-stream") {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      for (const item of items) res.write(`event: item\ndata: ${item}\n\n`);
      return res.end(`event: end\ndata: {"count":${items.length}}\n\n`);
    }
    res.setHeader("Content-Type", "application/json");
    res.end(text);
  });
  try {
    await body(new ShopModuleClient(new PotoClient({ baseUrl: server.url, streams: "direct" })), server);
  } finally {
    await server.close();
  }
}

function invalidResponse(message) {
  return (e) => {
    assert.ok(e instanceof PotoError, String(e));
    assert.equal(e.code, "invalid_response");
    assert.equal(e.status, 502);
    assert.equal(e.message, message);
    return true;
  };
}

test("a complete answer passes every check and comes back converted", async () => {
  await answering(EVERYTHING_WIRE, [], async (client) => {
    const back = await client.echo({});
    assert.equal(back.exactBig, -(2n ** 63n));
    assert.ok(Number.isNaN(back.ratio) && Object.is(back.amount, -0));
    assert.deepEqual(back.blob, new Uint8Array([0, 1, 254, 255]));
    assert.equal(back.legacyDate.getTime(), -1);
    assert.equal(back.byKey["__proto__"], "2024-01-01T00:00:00Z");
    assert.equal(back.exactByKey["__proto__"], 1234567890123456789n);
    assert.deepEqual(back.sparse, ["a", null]);
    assert.ok(Object.is(back.pageOfDoubles.items[1], -0) && back.pageOfDoubles.items[3] === -Infinity);
    assert.equal(back.text, "\ud800 lone");
    assert.equal(back.maybeAt, undefined, "an Optional may be absent");
  });
});

/** [what, text replaced in EVERYTHING_WIRE, replacement, the error's message]. */
const BROKEN = [
  ["a byte out of range", '"tiny": -128', '"tiny": -129', "result.tiny: expected a byte (an integer from -128 to 127), got -129"],
  ["a short out of range", '"small": 32767', '"small": 32768', "result.small: expected a short (an integer from -32768 to 32767), got 32768"],
  ["an int out of range", '"count": -2147483648', '"count": -2147483649', "result.count: expected an int (a 32-bit integer), got -2147483649"],
  ["a fraction for an int", '"boxedCount": 2147483647', '"boxedCount": 1.5', "result.boxedCount: expected an int (a 32-bit integer), got 1.5"],
  ["a string for a number", '"boxedCount": 2147483647', '"boxedCount": "5"', 'result.boxedCount: expected an int (a 32-bit integer), got "5"'],
  ["a number for a string", '"text": "\\ud800 lone"', '"text": 12345', "result.text: expected a string, got 12345"],
  ["a number for a boolean", '"flag": true', '"flag": 1', "result.flag: expected a boolean, got 1"],
  ["a long beyond 2^53 when longs are numbers", '"big": 9007199254740991', '"big": 9007199254740993',
    "result.big: expected a safe integer (|n| <= 2^53 - 1; declare the long @LongAsBigInt to receive a bigint), got 9007199254740993"],
  ["a bigint long beyond the long range", '"exactBig": -9223372036854775808', '"exactBig": -9223372036854775809',
    "result.exactBig: expected an integer within the range of a Java long, got -9223372036854775809"],
  ["a float beyond the float range", '"boxedRatio": 3.4028235E38', '"boxedRatio": 1e39', "result.boxedRatio: expected a float, got 1e+39"],
  ["a double beyond the double range", '"boxedAmount": 1.7976931348623157E308', '"boxedAmount": 1e400', "the answer holds a value the client cannot keep exactly: the number 1e400 has no exact JavaScript number (it would become Infinity)"],
  ["an unknown non-finite text", '"ratio": "NaN"', '"ratio": "INF"', 'result.ratio: expected a float, got "INF"'],
  ["two characters for a char", '"boxedLetter": "x"', '"boxedLetter": "xy"', 'result.boxedLetter: expected one character, got "xy"'],
  ["a bad UUID", '"id": "7c9e6679', '"id": "zc9e6679', 'result.id: expected a UUID, got "zc9e6679-7425-40de-944b-e07fc1f90ae7"'],
  ["a number for a BigDecimal", '"price": "-12.10"', '"price": -12.10', "result.price: expected a decimal number as a string, got -12.1"],
  ["a bad BigInteger", '"huge": "123456789012345678901234567890"', '"huge": "12x"', 'result.huge: expected an integer as a string, got "12x"'],
  ["bad base64", '"blob": "AAH+/w=="', '"blob": "AAH+/w="', 'result.blob: expected a base64 string, got "AAH+/w="'],
  ["a null element", '"list": ["a"]', '"list": ["a", null]', "result.list[1]: expected a string, got null"],
  ["a null in a nested array", '"matrix": [[1, 2], []]', '"matrix": [[1, 2], [null]]', "result.matrix[1][0]: expected an int (a 32-bit integer), got null"],
  ["a null map value", '"blobs": { "b": ["AQID"] }', '"blobs": { "b": null }', "result.blobs.b: expected an array, got null"],
  ["a null for a non-nullable property", '"chars": "abc"', '"chars": null', "result.chars: expected a string, got null"],
  ["a missing property", '"flag": true, ', '', "result.flag: missing"],
  ["an unknown property", '"flag": true,', '"flag": true, "extra": 1,', "result.extra: unknown property (the contract has no such property)"],
  ["an unknown enum constant", '"color": "dark-blue"', '"color": "PURPLE"', 'result.color: expected one of "RED", "GREEN", "dark-blue", got "PURPLE"'],
  ["an enum constant by another spelling", '"color": "dark-blue"', '"color": "DARK_BLUE"', 'result.color: expected one of "RED", "GREEN", "dark-blue", got "DARK_BLUE"'],
  ["an unknown map key enum", '"byColor": { "RED": 1', '"byColor": { "BLUE": 1', 'result.byColor.BLUE: expected a key of one of "RED", "GREEN", "dark-blue", got "BLUE"'],
  ["a map key that is no int", '"byNumber": { "-2147483648"', '"byNumber": { "1.5"', 'result.byNumber["1.5"]: expected a key of an integer from -2147483648 to 2147483647, got "1.5"'],
  ["a map key beyond the long range", '"byLong": { "9223372036854775807"', '"byLong": { "9223372036854775808"',
    'result.byLong["9223372036854775808"]: expected a key of a long, got "9223372036854775808"'],
  ["a map key that is no UUID", '"byId": { "7c9e6679', '"byId": { "x7c9e6679', 'result.byId["x7c9e6679-7425-40de-944b-e07fc1f90ae7"]: expected a key of a UUID, got "x7c9e6679-7425-40de-944b-e07fc1f90ae7"'],
  ["a map key that is no date", '"byDay": { "2024-02-29"', '"byDay": { "2023-02-29"', 'result.byDay["2023-02-29"]: expected a key of an ISO-8601 date (2024-02-29), got "2023-02-29"'],
  ["an unknown union tag", '"kind": "circle"', '"kind": "triangle"', 'result.shape.kind: expected one of "circle", "square", "Shape$Stamp", got "triangle"'],
  ["a union without its tag", '"shape": { "kind": "circle", ', '"shape": { ', "result.shape.kind: missing (the type property)"],
  ["a missing property of a union variant", '"kind": "circle", "radius": 1.5', '"kind": "circle"', "result.shape.radius: missing"],
  ["a missing bean property", '"nickname": "nick", ', '', "result.customer.nickname: missing"],
  ["a wrong output-only bean property", '"doublePoints": 6', '"doublePoints": "6"', 'result.customer.doublePoints: expected an int (a 32-bit integer), got "6"'],
  ["a wrong value in a generic page", '"amount": "1.10"', '"amount": "1,10"', 'result.moneyPage.items[0].amount: expected a decimal number as a string, got "1,10"'],
  ["a wrong value deep in generic pages", '"items": ["2024-01-01T00:00:00Z"]', '"items": ["2024-01-01T00:00:00"]',
    'result.pagesOfInstants.items[0].items[0]: expected an ISO-8601 instant (2024-03-31T01:30:15Z), got "2024-01-01T00:00:00"'],
  ["a wrong value deep in a recursive tree", '"children": [], "byName": {}, "size": 0', '"children": [], "byName": { "k": { "label": "b", "children": [null], "byName": {}, "size": 0 } }, "size": 0',
    "result.tree.children[0].byName.k.children[0]: expected an object, got null"],
  ["a month 13", '"at": "2024-03-31T01:30:15.123456789Z"', '"at": "2024-13-31T01:30:15.123456789Z"',
    'result.at: expected an ISO-8601 instant (2024-03-31T01:30:15Z), got "2024-13-31T01:30:15.123456789Z"'],
  ["an Instant without seconds", '"at": "2024-03-31T01:30:15.123456789Z"', '"at": "2024-03-31T01:30Z"',
    'result.at: expected an ISO-8601 instant (2024-03-31T01:30:15Z), got "2024-03-31T01:30Z"'],
  ["epoch millis for an Instant", '"at": "2024-03-31T01:30:15.123456789Z"', '"at": 1711848615123',
    "result.at: expected an ISO-8601 instant (2024-03-31T01:30:15Z), got 1711848615123"],
  ["an offset on a LocalDateTime", '"localAt": "2024-03-31T02:30:00"', '"localAt": "2024-03-31T02:30:00Z"',
    'result.localAt: expected an ISO-8601 local date-time (no offset), got "2024-03-31T02:30:00Z"'],
  ["February 30", '"day": "2024-02-29"', '"day": "2024-02-30"', 'result.day: expected an ISO-8601 date (2024-02-29), got "2024-02-30"'],
  ["an offset beyond 18 hours", '"offsetAt": "2024-03-31T02:30:15+14:00"', '"offsetAt": "2024-03-31T02:30:15+19:00"',
    'result.offsetAt: expected an ISO-8601 date-time with offset, got "2024-03-31T02:30:15+19:00"'],
  ["a duration without parts", '"timeout": "PT48H0.000000001S"', '"timeout": "PT"', 'result.timeout: expected an ISO-8601 duration (PT48H), got "PT"'],
  ["a period in hours", '"period": "P1Y-2M3D"', '"period": "PT1H"', 'result.period: expected an ISO-8601 period (P1Y2M3D), got "PT1H"'],
  ["a time at 24:00", '"time": "23:59:59.999999999"', '"time": "24:00"', 'result.time: expected an ISO-8601 time (23:59:59.999999999), got "24:00"'],
  ["a year-month with month 0", '"month": "2024-02"', '"month": "2024-00"', 'result.month: expected a year and month (2024-02), got "2024-00"'],
  ["a java.util.Date without offset", '"legacyDate": "1969-12-31T23:59:59.999+00:00"', '"legacyDate": "1969-12-31T23:59:59.999"',
    'result.legacyDate: expected an ISO-8601 date-time with offset, got "1969-12-31T23:59:59.999"'],
  ["a java.util.Date in month 13", '"legacyDate": "1969-12-31T23:59:59.999+00:00"', '"legacyDate": "1969-13-31T23:59:59.999+00:00"',
    'result.legacyDate: expected an ISO-8601 date-time with offset, got "1969-13-31T23:59:59.999+00:00"'],
  ["an array for an ObjectNode", '"jsonObject": { "__proto__": 1 }', '"jsonObject": []', "result.jsonObject: expected a JSON object, got an array"],
  ["a property named like an Object method", '"flag": true,', '"flag": true, "toString": 1,', "result.toString: unknown property (the contract has no such property)"],
];

test("each rule of the contract fails the call with invalid_response naming the path", async () => {
  for (const [what, from, to, message] of BROKEN) {
    assert.ok(EVERYTHING_WIRE.includes(from), `${what}: the fixture holds ${from}`);
    await answering(EVERYTHING_WIRE.replace(from, to), [], async (client) => {
      await assert.rejects(client.echo({}), invalidResponse(message), what);
    });
  }
});

test("a nullable result may be null; a non-nullable one may not", async () => {
  await answering("null", [], async (client) => {
    assert.equal(await client.find("x"), null);
    await assert.rejects(client.tree(null, 1), invalidResponse("result: expected an object, got null"));
  });
});

test("stream items are checked one by one: the items before a wrong one arrive, then the stream fails", async () => {
  const good = JSON.stringify(ITEM);
  const bad = JSON.stringify({ ...ITEM, tags: ["a", null] });
  await answering("", [good, good, bad, good], async (client) => {
    const seen = [];
    await assert.rejects(async () => {
      for await (const item of client.feed("2024-01-01T00:00:00Z")) seen.push(item.name);
    }, invalidResponse("item[2].tags[1]: expected a string, got null"));
    assert.deepEqual(seen, ["pen", "pen"]);
  });
  await answering("", [JSON.stringify({ ...ITEM, color: "PURPLE" })], async (client) => {
    await assert.rejects(async () => {
      for await (const item of client.feed("2024-01-01T00:00:00Z")) assert.fail(`no item expected, got ${item}`);
    }, invalidResponse('item[0].color: expected one of "RED", "GREEN", "dark-blue", got "PURPLE"'));
  });
});

test("stream items on a shared connection are checked the same way", async () => {
  let connection;
  const server = await fakeServer((req, res, entry) => {
    if (req.url.endsWith("/_auth/visitor")) return visitorToken(res, "t1");
    if (req.url.endsWith("/_streams")) {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write('event: open\ndata: {"connection":"c1"}\n\n');
      connection = res;
      return undefined;
    }
    const stream = req.headers["poto-stream-id"];
    assert.equal(req.headers["poto-stream-connection"], "c1");
    json(res, 200, { stream });
    const { id, ...noId } = ITEM;
    for (const item of [ITEM, { ...ITEM, stock: 1.5 }, noId]) {
      connection.write(`stream: ${stream}\nevent: item\ndata: ${JSON.stringify(item)}\n\n`);
    }
    return undefined;
  });
  const poto = new PotoClient({ baseUrl: server.url, streams: "page" });
  try {
    await poto.loginAsVisitor(); // streams share a connection once there is a session
    const client = new ShopModuleClient(poto);
    const seen = [];
    await assert.rejects(async () => {
      for await (const item of client.feed("2024-01-01T00:00:00Z")) seen.push(item.stock);
    }, invalidResponse("item[1].stock: expected a safe integer (|n| <= 2^53 - 1; declare the long @LongAsBigInt to receive a bigint), got 1.5"));
    assert.deepEqual(seen, [3]);
  } finally {
    poto.close();
    connection?.end();
    await server.close();
  }
});

test("java.time texts: the forms Jackson writes pass, with every field in range", () => {
  const good = {
    instant: ["2024-03-31T01:30:15Z", "2024-03-31T01:30:15.5Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00.000000001Z", "2024-03-31T01:30:15+01:00",
      "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z"], // Instant.MAX and MIN
    offsetDateTime: ["2024-03-31T02:30+14:00", "2024-03-31T02:30:15.123-18:00", "2024-03-31T02:30:15Z"],
    zonedDateTime: ["2024-03-31T03:30:15.5+02:00[Europe/Paris]", "2024-03-31T03:30:15Z[UTC]", "2024-03-31T03:30:15+01:00"],
    localDateTime: ["2024-02-29T23:59:59.999999999", "2024-03-31T02:30"],
    localDate: ["2000-02-29", "-0004-02-29", "+123456-12-31"],
    localTime: ["00:00", "23:59:59", "12:00:00.1"],
    duration: ["PT0S", "PT48H0.000000001S", "-PT1M", "P2DT3H", "PT-0.5S"],
    period: ["P0D", "P1Y-2M3D", "P2W", "-P1Y"],
    // Year.toString and YearMonth.toString, which Jackson writes: Year.of(5) is "5", Year.of(10000) "10000".
    year: ["2024", "5", "0", "-1", "10000", "999999999", "-999999999"],
    yearMonth: ["2024-02", "-0001-12", "0005-01", "12345-06", "-12345-06"],
    zoneId: ["Europe/Paris", "UTC", "Z", "+01:00", "GMT+2", "America/Argentina/Buenos_Aires"],
  };
  const bad = {
    instant: ["2024-03-31T01:30Z", "2024-03-31 01:30:15Z", "2024-03-31T01:30:15", "2024-02-30T00:00:00Z", "2024-03-31T01:30:15.1234567891Z", "10000-01-01T00:00:00Z",
      "+10000000000-01-01T00:00:00Z"],
    offsetDateTime: ["2024-03-31T02:30", "2024-03-31T02:30+19:00", "2024-03-31T02:30+01:60"],
    zonedDateTime: ["2024-03-31T03:30:15[Europe/Paris]", "2024-03-31T03:30:15+02:00[]"],
    localDateTime: ["2024-02-29T24:00", "2024-02-29", "2024-02-29T10:00+01:00"],
    localDate: ["2023-02-29", "2024-04-31", "24-01-01", "2024-1-01", "1900-02-29"],
    localTime: ["24:00", "12:60", "12:00:60", "1:00"],
    duration: ["P", "PT", "P1DT", "1H", "P1Y"],
    period: ["P", "PT1H", "1Y"],
    year: ["0024", "-0001", "+10000", "", "-0", "1000000000"],
    yearMonth: ["2024-13", "2024", "+10000-01", "5-01", "0024-1"],
    zoneId: ["", "Europe Paris", "+1:00:00:00"],
  };
  for (const [form, texts] of Object.entries(good)) {
    for (const text of texts) assert.equal(decodeValue(form, text), text, `${form} ${text}`);
  }
  for (const [form, texts] of Object.entries(bad)) {
    for (const text of texts) {
      assert.throws(() => decodeValue(form, text), (e) => e.code === "invalid_response", `${form} ${JSON.stringify(text)}`);
    }
  }
});

test("an unknown codec name is a programming error, not a silent pass", () => {
  assert.throws(() => decodeValue("instnt", "x"), /unknown codec "instnt"/);
});
