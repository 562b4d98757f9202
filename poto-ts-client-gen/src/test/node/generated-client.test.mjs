// The generated shop client (golden .js files, as a browser would import them) against a fake
// server: arguments are encoded and answers revived at exactly the positions the Java types declare.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { fakeServer, json, RUNTIME } from "./support.mjs";

const golden = fileURLToPath(new URL("../resources/golden/shop/", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "poto-client-"));
for (const name of await readdir(golden)) {
  if (name.endsWith(".js")) await cp(join(golden, name), join(dir, name));
}
await cp(fileURLToPath(RUNTIME), join(dir, "poto-runtime.js"));
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

test("results are revived: Date for instants, in nested generic pages too", async () => {
  await shop(() => ({ items: [item], total: 1, next: null }), async (client, server) => {
    const page = await client.list(0, undefined);
    assert.ok(page.items[0].createdAt instanceof Date);
    assert.equal(page.items[0].createdAt.toISOString(), "2024-05-01T10:00:00.000Z");
    assert.equal(page.items[0].soldOutAt, null);
    assert.equal(page.items[0].price.amount, "1.10", "BigDecimal stays an exact string");
    assert.deepEqual(server.requests[0].body, { page: 0 }, "an undefined optional parameter is left out");
  });
});

test("arguments are encoded: Date to ISO-8601, bytes to base64, unions by their tag", async () => {
  await shop((entry) => entry.body.shapes[0], async (client, server) => {
    const stamp = { kind: "Shape$Stamp", at: new Date("2024-01-02T03:04:05.006Z"), image: new Uint8Array([1, 2, 3]) };
    const back = await client.biggest([stamp, { kind: "circle", radius: 2 }]);
    assert.deepEqual(server.requests[0].body.shapes, [
      { kind: "Shape$Stamp", at: "2024-01-02T03:04:05.006Z", image: "AQID" }, { kind: "circle", radius: 2 }]);
    assert.ok(back.at instanceof Date);
    assert.deepEqual(back.image, new Uint8Array([1, 2, 3]));
  });
});

test("streams revive each item; maps keyed by enum revive their values", async () => {
  await shop((entry) => entry.url.endsWith("/feed") ? [item, item] : { RED: [item] }, async (client, server) => {
    const seen = [];
    for await (const fed of client.feed(new Date("2024-01-01T00:00:00Z"))) seen.push(fed.createdAt);
    assert.equal(seen.length, 2);
    assert.ok(seen.every((d) => d instanceof Date));
    assert.equal(server.requests[0].body.since, "2024-01-01T00:00:00.000Z");
    const byColor = await client.byColor();
    assert.ok(byColor.RED[0].createdAt instanceof Date);
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
