// Unary calls, every error path, streams, cancellation, visitor re-login and cookie sessions,
// all through the generated client against a live Java server.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  connect, rejection, eventually, cookieJarFetch, PotoClient, PotoError, MemoryTokenStore,
  WireTypesModuleClient, URL_MAIN, URL_SHORT_EXPIRY, URL_REFRESH,
} from "./client.mjs";

test("a @Public call needs no login; a void call resolves to undefined", async () => {
  const { client, wire } = connect();
  assert.equal(await wire.hello("Ada"), "Hello, Ada");
  await client.loginAsVisitor();
  assert.equal(await wire.nothing(), undefined);
});

test("the identity is the login's", async () => {
  const { client, wire } = connect();
  const session = await client.loginAsVisitor();
  assert.match(session.userId, /^visitor_/);
  assert.equal(await wire.whoami(), session.userId);
  const ada = await client.login("ada", "correct horse");
  assert.notEqual(ada.userId, session.userId);
  assert.equal(await wire.whoami(), ada.userId);
  assert.equal(await wire.adminOnly(), "secret");
});

test("auth errors: unauthenticated, forbidden, invalid credentials, invalid token", async () => {
  const { client, wire } = connect();
  let e = await rejection(wire.whoami());
  assert.deepStrictEqual([e.status, e.code], [401, "unauthenticated"]);
  await client.loginAsVisitor();
  e = await rejection(wire.adminOnly());
  assert.deepStrictEqual([e.status, e.code], [403, "forbidden"]);
  e = await rejection(client.login("ada", "wrong"));
  assert.deepStrictEqual([e.status, e.code], [401, "invalid_credentials"]);

  const store = new MemoryTokenStore();
  store.save({ token: "not.a.jwt", userId: "ada", expiresAt: new Date(Date.now() + 60_000), visitor: false });
  const forged = new WireTypesModuleClient(new PotoClient({ baseUrl: URL_MAIN, tokenStore: store }));
  e = await rejection(forged.whoami());
  assert.deepStrictEqual([e.status, e.code], [401, "invalid_token"]);
});

test("module errors keep status, code and message; a crash is a 500 without internals", async () => {
  const { client, wire } = connect();
  await client.loginAsVisitor();
  let e = await rejection(wire.fail(418, "teapot", "short and stout"));
  assert.ok(e instanceof PotoError && e instanceof Error);
  assert.deepStrictEqual([e.status, e.code, e.message], [418, "teapot", "short and stout"]);
  assert.ok(e.requestId);
  e = await rejection(wire.crash());
  assert.deepStrictEqual([e.status, e.code], [500, "internal_error"]);
  assert.doesNotMatch(e.message, /internal details/);
  assert.ok(e.message.includes(e.requestId), "the message quotes the request id");
});

test("protocol errors: unknown module and method, argument problems, body too large", async () => {
  const { client, wire } = connect();
  await client.loginAsVisitor();
  const cases = [
    [() => client.call("nope", "x", {}), 404, "unknown_module"],
    [() => client.call("wire", "nope", {}), 404, "unknown_method"],
    [() => client.call("wire", "needsArgument", {}), 400, "missing_argument"],
    [() => client.call("wire", "needsArgument", { value: 1, extra: 2 }), 400, "unknown_argument"],
    [() => client.call("wire", "needsArgument", { value: null }), 400, "null_argument"],
    [() => client.call("wire", "needsArgument", { value: "one" }), 400, "invalid_argument"],
    [() => wire.hello("x".repeat(1_100_000)), 413, "payload_too_large"],
  ];
  for (const [call, status, code] of cases) {
    const e = await rejection(call());
    assert.deepStrictEqual([e.status, e.code], [status, code]);
  }
  const missing = await rejection(client.call("wire", "needsArgument", {}));
  assert.match(missing.message, /value/);
});

test("client-side failures: no server, deadline", async () => {
  const offline = new WireTypesModuleClient(new PotoClient({ baseUrl: "http://127.0.0.1:9" }));
  let e = await rejection(offline.hello("x"));
  assert.deepStrictEqual([e.status, e.code], [503, "transport_error"]);
  const { client, wire } = connect();
  await client.loginAsVisitor();
  e = await rejection(wire.waitForCancel({ timeoutMs: 300 }));
  assert.deepStrictEqual([e.status, e.code], [504, "deadline_exceeded"]);
});

test("a stream arrives item by item with `for await`, decoded", async () => {
  const { client, wire } = connect();
  await client.loginAsVisitor();
  const seen = [];
  for await (const shape of wire.countTo(5)) seen.push(shape);
  assert.deepStrictEqual(seen, [1, 2, 3, 4, 5].map((radius) => ({ kind: "circle", radius })));
  const none = [];
  for await (const shape of wire.countTo(0)) none.push(shape);
  assert.deepStrictEqual(none, []);
});

test("a failing stream delivers its items, then throws the module's problem", async () => {
  const { client, wire } = connect();
  await client.loginAsVisitor();
  const seen = [];
  const e = await rejection((async () => {
    for await (const item of wire.failAfter(2)) seen.push(item.label);
  })());
  assert.deepStrictEqual(seen, ["item 1", "item 2"]);
  assert.deepStrictEqual([e.status, e.code, e.message], [409, "ran_out", "only 2 items"]);
});

test("aborting a unary call cancels it on the server", async () => {
  const { client, wire } = connect();
  await client.loginAsVisitor();
  const before = await wire.counters();
  const controller = new AbortController();
  const call = wire.waitForCancel({ signal: controller.signal });
  await eventually(() => wire.counters(), (c) => c.waitingCalls > before.waitingCalls, "the call reached the server");
  controller.abort();
  const e = await rejection(call);
  assert.deepStrictEqual([e.status, e.code], [499, "cancelled"]);
  await eventually(() => wire.counters(), (c) => c.cancelledCalls > before.cancelledCalls, "the server saw the cancellation");
});

test("aborting a stream, or leaving the loop early, cancels it on the server", async () => {
  const { client, wire } = connect();
  await client.loginAsVisitor();
  const before = await wire.counters();

  const controller = new AbortController();
  const e = await rejection((async () => {
    for await (const n of wire.oneThenWait({ signal: controller.signal })) {
      assert.equal(n, 1);
      controller.abort();
    }
  })());
  assert.equal(e.code, "cancelled");
  await eventually(() => wire.counters(), (c) => c.cancelledStreams >= before.cancelledStreams + 1, "abort reached the stream");

  for await (const n of wire.oneThenWait()) {
    assert.equal(n, 1);
    break;
  }
  await eventually(() => wire.counters(), (c) => c.cancelledStreams >= before.cancelledStreams + 2, "break reached the stream");
});

test("an expired visitor token is renewed without the caller noticing; a user's is not", async () => {
  const client = new PotoClient({ baseUrl: URL_SHORT_EXPIRY });
  const wire = new WireTypesModuleClient(client);
  const first = await client.loginAsVisitor();
  assert.equal(await wire.whoami(), first.userId);
  await eventually(async () => Date.now(), (now) => now > first.expiresAt.getTime() + 1_100, "the token expired", 10_000);
  const renewedId = await wire.whoami();
  assert.notEqual(renewedId, first.userId);
  assert.equal(client.session.userId, renewedId);
  assert.notEqual(client.session.token, first.token);

  const user = await client.login("ada", "correct horse");
  await eventually(async () => Date.now(), (now) => now > user.expiresAt.getTime() + 1_100, "the token expired", 10_000);
  const e = await rejection(wire.whoami());
  assert.deepStrictEqual([e.status, e.code], [401, "token_expired"]);
});

test("an expired named login is refreshed with its refresh token; logout revokes it", async () => {
  const client = new PotoClient({ baseUrl: URL_REFRESH });
  const wire = new WireTypesModuleClient(client);
  const first = await client.login("ada", "correct horse");
  assert.equal(typeof first.refreshToken, "string");
  await eventually(async () => Date.now(), (now) => now > first.expiresAt.getTime() + 1_100, "the token expired", 10_000);
  assert.equal(await wire.whoami(), first.userId);
  assert.notEqual(client.session.token, first.token);
  assert.notEqual(client.session.refreshToken, first.refreshToken);
  const refreshToken = client.session.refreshToken;
  await client.logout();
  assert.equal(client.session, null);
  const revoked = await fetch(`${URL_REFRESH}/poto/_auth/refresh`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refreshToken }),
  });
  assert.equal(revoked.status, 401);
  assert.equal((await revoked.json()).code, "invalid_refresh_token");
});

test("cookie sessions: kept with a cookie-aware fetch; Node's bare fetch keeps none", async () => {
  const jarFetch = cookieJarFetch();
  const withJar = new PotoClient({ baseUrl: URL_MAIN, fetch: jarFetch });
  const wire = new WireTypesModuleClient(withJar);
  await withJar.loginAsVisitor();
  assert.equal(await wire.recall(), null);
  await wire.remember("a note for later");
  assert.ok(jarFetch.jar.has("poto_session"), "the server set the session cookie");
  assert.equal(await wire.recall(), "a note for later");

  // The same token without the cookie: the session lives in the cookie, so it is gone.
  const bare = new PotoClient({ baseUrl: URL_MAIN, tokenStore: { load: () => withJar.session, save: () => {} } });
  assert.equal(await new WireTypesModuleClient(bare).recall(), null);
});
