// The generated shop client (golden .js files, as a browser would import them) against a fake
// server: arguments are encoded and answers revived at exactly the positions the Java types declare.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { fakeServer, json, RUNTIME } from "./support.mjs";
import { EVERYTHING_WIRE } from "./shop-values.mjs";

const golden = fileURLToPath(new URL("../resources/golden/shop/", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "poto-client-"));
for (const name of await readdir(golden)) {
  if (name.endsWith(".js")) await cp(join(golden, name), join(dir, name));
}
// The runtime's modules, as the server serves them next to the generated files.
const runtimeDir = fileURLToPath(new URL(".", RUNTIME));
for (const name of await readdir(runtimeDir)) {
  if (name.endsWith(".js")) await cp(join(runtimeDir, name), join(dir, name));
}
const { PotoClient, PotoError } = await import(pathToFileURL(join(dir, "poto-runtime.js")));
const { ShopModuleClient } = await import(pathToFileURL(join(dir, "shop.js")));
const { ChatModuleClient } = await import(pathToFileURL(join(dir, "chat.js")));
const { Color_VALUES } = await import(pathToFileURL(join(dir, "types.js")));
test.after(() => rm(dir, { recursive: true, force: true }));

/** Answers every call with `answer(entry)`; streams send each element as an item then end. */
async function shop(answer, body) {
  const server = await fakeServer((req, res, entry) => {
    const value = answer(entry);
    if (req.headers["accept"] === "text/event-stream") {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      for (const item of value) res.write(`event: item\ndata: ${JSON.stringify(item)}\n\n`);
      return res.end(`event: end\ndata: {"count":${value.length}}\n\n`);
    }
    json(res, 200, value);
  });
  try {
    const poto = new PotoClient({ baseUrl: server.url });
    await body(new ShopModuleClient(poto), server, new ChatModuleClient(poto));
  } finally {
    await server.close();
  }
}

const item = { id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", name: "pen", stock: 3, price: { amount: "1.10", currency: "EUR" },
  color: "dark-blue", tags: [], createdAt: "2024-05-01T10:00:00Z", soldOutAt: null };

test("results keep exact forms: an Instant stays its ISO-8601 text, in nested generic pages too", async () => {
  await shop(() => ({ items: [{ ...item, createdAt: "2024-05-01T10:00:00.123456789Z" }], total: 1, next: null }), async (client, server) => {
    const page = await client.list(0, undefined);
    assert.equal(page.items[0].createdAt, "2024-05-01T10:00:00.123456789Z", "nanoseconds kept");
    assert.equal(page.items[0].soldOutAt, null);
    assert.equal(page.items[0].price.amount, "1.10", "BigDecimal stays an exact string");
    assert.deepEqual(server.requests[0].body, { page: 0 }, "an undefined optional parameter is left out");
  });
});

test("arguments are encoded: bytes to base64, doubles exactly, unions by their tag", async () => {
  await shop((entry) => entry.body.shapes[0], async (client, server) => {
    const stamp = { kind: "Shape$Stamp", at: "2024-01-02T03:04:05.006Z", image: new Uint8Array([1, 2, 3]) };
    const back = await client.biggest([stamp, { kind: "circle", radius: -0 }, { kind: "square", side: NaN }]);
    assert.equal(server.requests[0].text, '{"shapes":[{"kind":"Shape$Stamp","at":"2024-01-02T03:04:05.006Z","image":"AQID"},'
      + '{"kind":"circle","radius":-0.0},{"kind":"square","side":"NaN"}]}');
    assert.equal(back.at, "2024-01-02T03:04:05.006Z");
    assert.deepEqual(back.image, new Uint8Array([1, 2, 3]));
  });
});

test("streams decode each item; maps keyed by enum decode their values", async () => {
  await shop((entry) => entry.url.endsWith("/feed") ? [item, item] : { RED: [item] }, async (client, server) => {
    const seen = [];
    for await (const fed of client.feed("2024-01-01T00:00:00Z")) seen.push(fed.stock);
    assert.deepEqual(seen, [3, 3]);
    assert.equal(server.requests[0].body.since, "2024-01-01T00:00:00Z");
    const byColor = await client.byColor();
    assert.equal(byColor.RED[0].createdAt, item.createdAt);
  });
});

test("long values are range-checked both ways; plain values pass through untouched", async () => {
  await shop(() => ({ author: "a", text: "2024-01-01T00:00:00Z", sentAt: 2 ** 53 + 2 }), async (client, server, chat) => {
    await assert.rejects(chat.send("hi"), (e) => e instanceof PotoError && e.code === "invalid_response");
    await assert.rejects(client.add("pen", null, 2 ** 60), (e) => e instanceof PotoError && e.code === "invalid_argument");
    assert.equal(server.requests.length, 1);
  });
  await shop(() => ({ author: "a", text: "2024-01-01T00:00:00Z", sentAt: 5 }), async (client, server, chat) => {
    const message = await chat.send("hi");
    assert.equal(message.text, "2024-01-01T00:00:00Z", "a date-like string in a String field stays a string");
  });
});

test("enum values are listed at runtime; opts and _opts are told apart", async () => {
  assert.deepEqual([...Color_VALUES], ["RED", "GREEN", "dark-blue"]);
  assert.ok(Object.isFrozen(Color_VALUES));
  await shop(() => "renamed", async (client, server) => {
    assert.equal(await client.rename("a", "b", { timeoutMs: 5000 }), "renamed");
    assert.deepEqual(server.requests[0].body, { opts: "a", callOptions: "b" });
    assert.equal(server.requests[0].headers["poto-timeout-ms"], "5000");
  });
});

test("bigint longs, JsonNode values and java.util.Date in one record, exactly", async () => {
  const server = await fakeServer((req, res) => {
    res.setHeader("Content-Type", "application/json");
    res.end(EVERYTHING_WIRE);
  });
  try {
    const client = new ShopModuleClient(new PotoClient({ baseUrl: server.url }));
    const back = await client.echo({});
    assert.equal(back.exactBig, -(2n ** 63n));
    assert.deepEqual(back.exactLongs, [2n ** 63n - 1n, 0n]);
    assert.equal(back.exactByKey.k, null);
    assert.equal(back.exactByKey["__proto__"], 1234567890123456789n);
    assert.equal(back.json.n, 2n ** 64n);
    assert.ok(Object.is(back.json.z, -0));
    assert.equal(back.legacyDate.getTime(), -1);
    assert.ok(Number.isNaN(back.ratio));
    await client.echo(back);
    const sent = server.requests[1].text;
    for (const part of ['"exactBig":-9223372036854775808', '"exactLongs":[9223372036854775807,0]',
      '"exactByKey":{"k":null,"__proto__":1234567890123456789}', '"json":{"n":18446744073709551616,"z":-0.0}',
      '"jsonArray":[1,"a"]', '"legacyDate":"1969-12-31T23:59:59.999Z"', '"ratio":"NaN"', '"amount":-0.0', '"blob":"AAH+/w=="']) {
      assert.ok(sent.includes(part), `${part} in ${sent}`);
    }
    assert.ok(!sent.includes("doublePoints"), "output-only bean properties are not sent back");
  } finally {
    await server.close();
  }
});

test("methods with many or optional parameters also take their arguments by name", async () => {
  await shop((entry) => entry.url.endsWith("/rename") ? "renamed" : item, async (client, server) => {
    await client.addWith({ name: "pen", stock: 3 });
    assert.deepEqual(server.requests[0].body, { name: "pen", stock: 3 }, "the optional price left out");
    await client.add("pen", undefined, 3);
    assert.equal(server.requests[1].text, server.requests[0].text, "the same request as the positional call");
    await client.renameWith({ callOptions: "b" }, { headers: { "X-Trace": "t" } });
    assert.deepEqual(server.requests[2].body, { callOptions: "b" });
    assert.equal(server.requests[2].headers["x-trace"], "t", "the call options are the second argument");
    assert.equal(typeof client.findWith, "undefined", "one required parameter: positional only");
  });
});
