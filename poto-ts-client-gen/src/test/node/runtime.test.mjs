// The TS client runtime (compiled poto-runtime.js) against a fake server: unary calls, problems,
// visitor re-login, streams (items, comments, error frames, broken streams), aborts and deadlines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeServer, json, problem, visitorToken, closed, RUNTIME } from "./support.mjs";

const { PotoClient, PotoError, LocalStorageTokenStore, encodeValue, decodeValue, writeJson, parseJsonExactly,
  DEFAULT_MAX_FRAME_BYTES } = await import(RUNTIME);

async function withServer(handler, body) {
  const server = await fakeServer(handler);
  try {
    await body(server, new PotoClient({ baseUrl: server.url }));
  } finally {
    await server.close();
  }
}

async function rejectsWith(promise, fields) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof PotoError, `expected a PotoError, got ${error}`);
    for (const [key, value] of Object.entries(fields)) assert.equal(error[key], value, key);
    return true;
  });
}

test("a unary call posts the arguments as JSON with the bearer token and decodes the answer", async () => {
  await withServer((req, res, entry) => {
    if (entry.url === "/poto/_auth/visitor") return visitorToken(res, "t1");
    json(res, 200, { echoed: entry.body });
  }, async (server, poto) => {
    const session = await poto.loginAsVisitor();
    assert.equal(session.userId, "visitor_t1");
    assert.equal(session.visitor, true);
    assert.equal(session.expiresAt.toISOString(), "2030-01-01T00:00:00.000Z");
    const answer = await poto.call("todo", "add", { title: "milk", note: undefined, n: 2 });
    assert.deepEqual(answer, { echoed: { title: "milk", n: 2 } }); // undefined arguments are left out
    const call = server.requests[1];
    assert.equal(call.method, "POST");
    assert.equal(call.url, "/poto/todo/add");
    assert.equal(call.headers["authorization"], "Bearer t1");
    assert.match(call.headers["content-type"], /^application\/json/);
  });
});

test("a void answer (204) resolves to undefined; the prefix is configurable", async () => {
  const server = await fakeServer((req, res) => { res.statusCode = 204; res.end(); });
  try {
    const poto = new PotoClient({ baseUrl: server.url + "/", prefix: "/api/rpc/" });
    assert.equal(await poto.call("todo", "clear", {}), undefined);
    assert.equal(server.requests[0].url, "/api/rpc/todo/clear");
    assert.equal(server.requests[0].headers["authorization"], undefined);
  } finally {
    await server.close();
  }
});

test("a problem+json answer becomes a PotoError with status, code, message and request id", async () => {
  await withServer((req, res) => problem(res, 400, "missing_argument", "missing argument `title`"), async (server, poto) => {
    await rejectsWith(poto.call("todo", "add", {}), {
      status: 400, code: "missing_argument", message: "missing argument `title`", requestId: "server-rid", name: "PotoError",
    });
  });
});

test("an error answer without a problem body is an unexpected_response with the header's request id", async () => {
  await withServer((req, res) => { res.statusCode = 502; res.setHeader("Content-Type", "text/html"); res.end("<h1>bad gateway</h1>"); },
    async (server, poto) => {
      await rejectsWith(poto.call("todo", "list", {}), { status: 502, code: "unexpected_response", requestId: "req-1" });
    });
});

test("an expired visitor token is renewed once, silently, and the call retried", async () => {
  let visitors = 0;
  await withServer((req, res, entry) => {
    if (entry.url === "/poto/_auth/visitor") return visitorToken(res, `v${++visitors}`);
    if (entry.headers["authorization"] === "Bearer v1") return problem(res, 401, "token_expired", "expired");
    json(res, 200, "ok");
  }, async (server, poto) => {
    await poto.loginAsVisitor();
    const [a, b] = await Promise.all([poto.call("m", "a", {}), poto.call("m", "b", {})]);
    assert.deepEqual([a, b], ["ok", "ok"]);
    assert.equal(visitors, 2, "one renewal for both calls");
    assert.equal(poto.session.token, "v2");
  });
});

test("a visitor token that keeps failing is renewed only once per call", async () => {
  let visitors = 0;
  await withServer((req, res, entry) => {
    if (entry.url === "/poto/_auth/visitor") return visitorToken(res, `v${++visitors}`);
    problem(res, 401, "token_expired", "expired");
  }, async (server, poto) => {
    await poto.loginAsVisitor();
    await rejectsWith(poto.call("m", "a", {}), { status: 401, code: "token_expired" });
    assert.equal(visitors, 2);
  });
});

test("a logged-in user's expired token is reported, not renewed; bad credentials are a PotoError", async () => {
  await withServer((req, res, entry) => {
    if (entry.url === "/poto/_auth/login") {
      return entry.body.password === "right"
        ? json(res, 200, { token: "u1", userId: "alice", expiresAt: "2030-01-01T00:00:00Z" })
        : problem(res, 401, "invalid_credentials", "wrong user name or password");
    }
    problem(res, 401, "token_expired", "expired");
  }, async (server, poto) => {
    await rejectsWith(poto.login("alice", "wrong"), { status: 401, code: "invalid_credentials" });
    const session = await poto.login("alice", "right");
    assert.equal(session.visitor, false);
    assert.deepEqual(server.requests[1].body, { username: "alice", password: "right" });
    await rejectsWith(poto.call("m", "a", {}), { code: "token_expired" });
    assert.equal(server.requests.filter((r) => r.url.startsWith("/poto/_auth")).length, 2);
    poto.logout();
    assert.equal(poto.session, null);
  });
});

/** A fake server for named logins with rotating refresh tokens: access token aN goes with refresh token rN. */
function refreshingServer(state) {
  return (req, res, entry) => {
    const answer = (n) => json(res, 200, {
      token: `a${n}`, userId: "alice", expiresAt: "2030-01-01T00:00:00Z", refreshToken: `r${n}`, refreshExpiresAt: "2030-02-01T00:00:00Z",
    });
    if (entry.url === "/poto/_auth/login") return answer(1);
    if (entry.url === "/poto/_auth/refresh") {
      if (entry.body.refreshToken !== `r${state.current}`) return problem(res, 401, "invalid_refresh_token", "reused");
      state.refreshes++;
      return answer(++state.current);
    }
    if (entry.url === "/poto/_auth/logout") { res.statusCode = 204; return res.end(); }
    if (entry.headers["authorization"] !== `Bearer a${state.valid}`) return problem(res, 401, "token_expired", "expired");
    json(res, 200, entry.headers["authorization"]);
  };
}

test("an expired named login is refreshed once with its refresh token, and the calls retried", async () => {
  const state = { current: 1, valid: 2, refreshes: 0 };
  await withServer(refreshingServer(state), async (server, poto) => {
    const session = await poto.login("alice", "right");
    assert.equal(session.refreshToken, "r1");
    assert.equal(session.refreshExpiresAt.toISOString(), "2030-02-01T00:00:00.000Z");
    const answers = await Promise.all([poto.call("m", "a", {}), poto.call("m", "b", {}), poto.call("m", "c", {})]);
    assert.deepEqual(answers, ["Bearer a2", "Bearer a2", "Bearer a2"]);
    assert.equal(state.refreshes, 1, "one refresh token is never used twice");
    assert.equal(poto.session.token, "a2");
    assert.equal(poto.session.refreshToken, "r2");
    assert.equal(poto.session.visitor, false);
    const refresh = server.requests.find((r) => r.url === "/poto/_auth/refresh");
    assert.deepEqual(refresh.body, { refreshToken: "r1" });
    assert.equal(refresh.headers["authorization"], undefined);
  });
});

test("a refused refresh leaves the call's token_expired; logout revokes the refresh token", async () => {
  const state = { current: 99, valid: 100, refreshes: 0 };
  await withServer(refreshingServer(state), async (server, poto) => {
    await poto.login("alice", "right");
    await rejectsWith(poto.call("m", "a", {}), { status: 401, code: "token_expired" });
    assert.equal(server.requests.filter((r) => r.url === "/poto/_auth/refresh").length, 1);
    await poto.logout();
    assert.equal(poto.session, null);
    const logout = server.requests.find((r) => r.url === "/poto/_auth/logout");
    assert.deepEqual(logout.body, { refreshToken: "r1" });
  });
});

test("a stored session keeps its refresh token across a reload", () => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  const session = {
    token: "t", userId: "u", expiresAt: new Date("2030-01-01T00:00:00Z"), visitor: false,
    refreshToken: "r", refreshExpiresAt: new Date("2030-02-01T00:00:00Z"),
  };
  new LocalStorageTokenStore("poto.test", storage).save(session);
  assert.deepEqual(new LocalStorageTokenStore("poto.test", storage).load(), session);
});

test("the session can live in localStorage (any Storage)", () => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  const store = new LocalStorageTokenStore("poto.test", storage);
  assert.equal(store.load(), null);
  store.save({ token: "t", userId: "u", expiresAt: new Date("2030-01-01T00:00:00Z"), visitor: true });
  const loaded = new LocalStorageTokenStore("poto.test", storage).load();
  assert.deepEqual(loaded, { token: "t", userId: "u", expiresAt: new Date("2030-01-01T00:00:00Z"), visitor: true });
  map.set("poto.test", "{broken");
  assert.equal(store.load(), null);
  store.save(null);
  assert.equal(map.has("poto.test"), false);
});

function sse(res) {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
}

test("a stream yields items, skips comments, handles frames split anywhere, and ends on the end event", async () => {
  const wire = ": ping\n\nevent: item\ndata: {\"n\":1}\n\r\nevent: item\r\ndata: {\"n\":\r\ndata: 2}\r\n\r\n: ping\n\nevent: end\ndata: {\"count\":2}\n\n";
  await withServer(async (req, res) => {
    sse(res);
    for (let i = 0; i < wire.length; i += 7) {
      res.write(wire.slice(i, i + 7));
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  }, async (server, poto) => {
    const items = [];
    for await (const item of poto.stream("feed", "items", { n: 2 })) items.push(item);
    assert.deepEqual(items, [{ n: 1 }, { n: 2 }]); // the second item's data spans two data lines
    assert.equal(server.requests[0].headers["accept"], "text/event-stream");
  });
});

test("an error frame ends the stream with the server's problem after the items before it", async () => {
  await withServer((req, res) => {
    sse(res);
    res.end("event: item\ndata: 1\n\nevent: error\ndata: {\"status\":500,\"code\":\"internal_error\",\"detail\":\"boom\",\"requestId\":\"r9\"}\n\n");
  }, async (server, poto) => {
    const items = [];
    await rejectsWith((async () => { for await (const item of poto.stream("feed", "items", {})) items.push(item); })(),
      { status: 500, code: "internal_error", message: "boom", requestId: "r9" });
    assert.deepEqual(items, [1]);
  });
});

test("a stream that closes without its end event is stream_broken, even mid-frame", async () => {
  await withServer((req, res) => {
    sse(res);
    res.end("event: item\ndata: 1\n\nevent: end\ndata: {\"count\":1}"); // the end frame is cut short
  }, async (server, poto) => {
    const items = [];
    await rejectsWith((async () => { for await (const item of poto.stream("feed", "items", {})) items.push(item); })(),
      { code: "stream_broken", status: 502 });
    assert.deepEqual(items, [1]);
  });
});

test("a frame over maxFrameBytes is frame_too_large; frames up to it pass, counted in UTF-8 bytes", async () => {
  const big = `event: item\ndata: "${"é".repeat(100)}"\n\n`; // 12 + 6 + 200 + 2 + 1 + 1 = 222 bytes, 122 chars
  await withServer((req, res) => {
    sse(res);
    res.write("event: item\ndata: 1\n\n");
    res.end(big + "event: end\ndata: {\"count\":2}\n\n");
  }, async (server) => {
    const exact = new PotoClient({ baseUrl: server.url, maxFrameBytes: 222 });
    const items = [];
    for await (const item of exact.stream("feed", "items", {})) items.push(item);
    assert.deepEqual(items, [1, "é".repeat(100)]);

    const smaller = new PotoClient({ baseUrl: server.url, maxFrameBytes: 221 });
    const seen = [];
    await rejectsWith((async () => { for await (const item of smaller.stream("feed", "items", {})) seen.push(item); })(),
      { code: "frame_too_large", status: 502 });
    assert.deepEqual(seen, [1]);
  });
});

test("frame sizes are the same when the reader knows a chunk is ASCII, whatever the chunking", async () => {
  const { EventStreamParser } = await import(new URL("poto-events.js", RUNTIME));
  const wire = new TextEncoder().encode(`event: item\ndata: 1\n\nevent: item\ndata: "${"é".repeat(100)}"\n\nevent: item\ndata: 2\n\n`);
  for (const [max, fits] of [[222, true], [221, false]]) {
    for (let size = 1; size <= 40; size++) {
      const parser = new EventStreamParser(max);
      const decoder = new TextDecoder();
      let aligned = true;
      const frames = [];
      for (let i = 0; i < wire.length; i += size) {
        const bytes = wire.subarray(i, i + size);
        const text = decoder.decode(bytes, { stream: true });
        const ascii = aligned && text.length === bytes.byteLength; // as the direct stream reader decides
        aligned = ascii;
        frames.push(...parser.push(text, ascii));
      }
      assert.equal(parser.failure === null, fits, `max ${max}, chunks of ${size}`);
      assert.equal(frames.length, fits ? 3 : 1, `max ${max}, chunks of ${size}`);
    }
  }
});

test("a line that never ends fails at the maximum instead of filling memory", async () => {
  let writes = 0;
  await withServer(async (req, res) => {
    sse(res);
    res.write("event: item\ndata: ");
    const chunk = "x".repeat(64 * 1024);
    // Keeps sending until the client goes away (or far past its maximum, which fails the test).
    while (!res.destroyed && writes < 1000) {
      writes++;
      if (!res.write(chunk)) {
        await new Promise((resolve) => {
          const done = () => { res.off("drain", done); res.off("close", done); resolve(); };
          res.on("drain", done).on("close", done);
        });
      }
    }
    res.end();
  }, async (server) => {
    const poto = new PotoClient({ baseUrl: server.url, maxFrameBytes: 1024 * 1024 });
    await rejectsWith((async () => { for await (const item of poto.stream("feed", "items", {})) assert.fail(item); })(),
      { code: "frame_too_large", status: 502 });
  });
  assert.ok(writes < 1000, `the server wrote ${writes} chunks: the client kept reading`);
});

test("the default maximum frame size is the Java client's", () => {
  assert.equal(DEFAULT_MAX_FRAME_BYTES, 16 * 1024 * 1024);
  assert.throws(() => new PotoClient({ maxFrameBytes: 0 }), RangeError);
});

test("a stream answered with a problem throws it before any item", async () => {
  await withServer((req, res) => problem(res, 403, "forbidden", "no"), async (server, poto) => {
    await rejectsWith((async () => { for await (const item of poto.stream("feed", "items", {})) assert.fail(item); })(),
      { status: 403, code: "forbidden" });
  });
});

test("breaking out of for await closes the connection, so the server side is cancelled", async () => {
  let serverSawClose;
  await withServer((req, res) => {
    serverSawClose = closed(res);
    sse(res);
    res.write("event: item\ndata: 1\n\n");
    res.write("event: item\ndata: 2\n\n"); // and never ends
  }, async (server, poto) => {
    for await (const item of poto.stream("feed", "items", {})) {
      assert.equal(item, 1);
      break;
    }
    await serverSawClose;
  });
});

test("aborting the signal cancels a pending call and closes the connection", async () => {
  let serverSawClose;
  let answered;
  const requestArrived = new Promise((resolve) => { answered = resolve; });
  await withServer((req, res) => {
    serverSawClose = closed(res);
    answered();
  }, async (server, poto) => {
    const controller = new AbortController();
    const call = poto.call("slow", "wait", {}, { signal: controller.signal });
    await requestArrived;
    controller.abort();
    await rejectsWith(call, { code: "cancelled", status: 499 });
    await serverSawClose;
    await rejectsWith(poto.call("slow", "wait", {}, { signal: controller.signal }), { code: "cancelled" });
    assert.equal(server.requests.length, 1, "an already aborted signal sends nothing");
  });
});

test("aborting mid-stream ends the iteration with cancelled", async () => {
  await withServer((req, res) => { sse(res); res.write("event: item\ndata: 1\n\n"); }, async (server, poto) => {
    const controller = new AbortController();
    const items = [];
    await rejectsWith((async () => {
      for await (const item of poto.stream("feed", "items", {}, { signal: controller.signal })) {
        items.push(item);
        controller.abort();
      }
    })(), { code: "cancelled" });
    assert.deepEqual(items, [1]);
  });
});

test("timeoutMs is sent as Poto-Timeout-Ms and the call is abandoned locally when it passes", async () => {
  await withServer(() => { /* never answers */ }, async (server, poto) => {
    // Long enough that the request reaches the server before the client gives up, even on a loaded machine.
    await rejectsWith(poto.call("slow", "wait", {}, { timeoutMs: 1000 }), { code: "deadline_exceeded", status: 504 });
    assert.equal(server.requests[0].headers["poto-timeout-ms"], "1000");
  });
});

test("no server at all is a transport_error", async () => {
  const server = await fakeServer(() => {});
  const url = server.url;
  await server.close();
  await rejectsWith(new PotoClient({ baseUrl: url }).call("m", "a", {}), { code: "transport_error", status: 503 });
});

test("byte[] and InputStream results arrive as bytes", async () => {
  await withServer((req, res) => {
    res.setHeader("Content-Type", "application/octet-stream");
    res.end(Buffer.from([0, 1, 254, 255]));
  }, async (server, poto) => {
    assert.deepEqual(await poto.bytes("files", "export", {}), new Uint8Array([0, 1, 254, 255]));
    const stream = await poto.binaryStream("files", "download", {});
    const chunks = [];
    for await (const chunk of stream) chunks.push(...chunk);
    assert.deepEqual(chunks, [0, 1, 254, 255]);
  });
});

test("codecs: java.util.Date, bytes and safe integers, at declared positions only", () => {
  const codec = { fields: { at: "date", blob: "bytes", n: "long", list: { array: "date" },
    byKey: { map: "long" }, shape: { union: "type", cases: { Dot: { fields: { at: "date" }, tags: { type: "Dot" } } } },
    other: "instant" } };
  const wire = { at: "2024-02-29T23:59:58.123+02:00", blob: "AAH+/w==", n: 42,
    list: ["2024-01-01T00:00:00Z"], byKey: { a: 1 }, shape: { type: "Dot", at: "2024-01-01T00:00:00.000+00:00" },
    other: "2024-01-01T00:00:00Z" };
  const value = decodeValue(codec, structuredClone(wire));
  assert.equal(value.at.toISOString(), "2024-02-29T21:59:58.123Z");
  assert.deepEqual(value.blob, new Uint8Array([0, 1, 254, 255]));
  assert.ok(value.list[0] instanceof Date);
  assert.ok(value.shape.at instanceof Date);
  assert.equal(value.other, "2024-01-01T00:00:00Z", "an Instant stays its ISO-8601 text");

  const encoded = encodeValue(codec, value);
  assert.equal(encoded.at, "2024-02-29T21:59:58.123Z");
  assert.equal(encoded.blob, "AAH+/w==");
  assert.equal(encoded.shape.at, "2024-01-01T00:00:00.000Z");
  assert.ok(value.at instanceof Date, "encoding does not change the caller's objects");

  assert.throws(() => encodeValue("long", 2 ** 53), (e) => e instanceof PotoError && e.code === "invalid_argument");
  assert.throws(() => encodeValue("long", 1.5), (e) => e.code === "invalid_argument");
  assert.throws(() => decodeValue("long", JSON.parse("9007199254740993")), (e) => e.code === "invalid_response");
  assert.throws(() => decodeValue("date", "2024-01-01T00:00:00"), (e) => e.code === "invalid_response");
  assert.throws(() => encodeValue("date", new Date(NaN)), (e) => e.code === "invalid_argument");
  // JSON.stringify writes NaN and Infinity as null, which a nullable Integer would take.
  for (const kind of ["byte", "short", "int", "char", "string", "decimal"]) {
    for (const n of [NaN, Infinity, -Infinity]) {
      assert.throws(() => encodeValue({ nullable: kind }, n), (e) => e.code === "invalid_argument" && /a finite number/.test(e.message), `${kind} ${n}`);
    }
  }
  assert.throws(() => encodeValue({ array: { nullable: "int" } }, [1, NaN]), (e) => e.message.startsWith("value[1]:"));
  assert.equal(encodeValue({ nullable: "int" }, -5), -5);
  assert.equal(encodeValue("double", NaN), "NaN");
  assert.equal(decodeValue({ nullable: "date" }, null), null);
  assert.throws(() => decodeValue("date", null), (e) => e.code === "invalid_response" && e.message === "result: expected an ISO-8601 date-time with offset, got null");
  assert.equal(decodeValue({ ref: () => "long" }, 7), 7);
});

test("a wrong value is reported at its path; positions without a codec are left as they are", () => {
  const codec = { fields: { pages: { array: { map: { fields: { n: "long", label: undefined }, optional: ["label"] } } }, tags: { array: undefined } } };
  const message = (value, c = codec) => {
    try {
      decodeValue(c, value);
    } catch (e) {
      assert.equal(e.code, "invalid_response");
      return e.message;
    }
    assert.fail("expected invalid_response");
  };
  assert.equal(message({ pages: [{ a: { n: 1 } }, { a: { n: 2 }, b: { n: 2 ** 60 } }], tags: [] }),
    "result.pages[1].b.n: expected a safe integer (|n| <= 2^53 - 1; declare the long @LongAsBigInt to receive a bigint), got 1152921504606847000");
  assert.equal(message({ pages: {}, tags: [] }), "result.pages: expected an array, got an object");
  assert.equal(message([1, "x"], { array: "double" }), "result[1]: expected a double, got \"x\"");
  assert.equal(message({ u: { type: "A", at: 5 } }, { fields: { u: { union: "type", cases: { A: { fields: { at: "date" }, tags: { type: "A" } } } } } }),
    "result.u.at: expected an ISO-8601 date-time with offset, got 5");

  const tags = ["a", "b"];
  const label = { deep: [1, 2] };
  const value = { pages: [{ k: { n: 3, label } }], tags };
  assert.equal(decodeValue(codec, value), value);
  assert.equal(value.tags, tags, "an array without an element codec is not walked");
  assert.equal(value.pages[0].k.label, label, "a field without a codec is left as it is");
});

test("the event-stream parser takes any chunking and line ending, and several data lines", async () => {
  const { EventStreamParser } = await import(new URL("poto-events.js", RUNTIME));
  const wire = ": ping\n\nevent: item\ndata: {\"n\":1}\n\r\nevent:item\r\ndata:{\"n\":\rdata: 2}\r\n\r\n"
    + "stream: s.1\nevent: end\ndata\nid: 7\n\nevent: mine\n\n";
  const expected = [
    { event: "item", data: "{\"n\":1}" },
    { event: "item", data: "{\"n\":\n2}" },
    { event: "end", data: "", stream: "s.1" },
    { event: "mine", data: "" },
  ];
  for (let size = 1; size <= wire.length; size++) {
    const parser = new EventStreamParser(1 << 20);
    const frames = [];
    for (let i = 0; i < wire.length; i += size) frames.push(...parser.push(wire.slice(i, i + size)));
    assert.deepEqual(frames, expected, `chunks of ${size}`);
    assert.equal(parser.failure, null);
  }
});

test("float codec: NaN and ±Infinity travel as Jackson's strings, -0 keeps its sign both ways", () => {
  const values = [NaN, Infinity, -Infinity, -0, 0, 1.5, -Number.MAX_VALUE, Number.MIN_VALUE];
  const encoded = encodeValue({ array: "double" }, values);
  assert.equal(writeJson(encoded), `["NaN","Infinity","-Infinity",-0.0,0,1.5,${-Number.MAX_VALUE},${Number.MIN_VALUE}]`);
  const decoded = decodeValue({ array: "double" }, JSON.parse(writeJson(encoded)));
  values.forEach((v, i) => assert.ok(Object.is(decoded[i], v), `${v} came back as ${decoded[i]}`));
  assert.ok(Object.is(decodeValue("float", JSON.parse("-0.0")), -0));
  assert.throws(() => decodeValue("float", "nan"), (e) => e.code === "invalid_response");
  assert.throws(() => encodeValue("float", "NaN"), (e) => e.code === "invalid_argument");
  assert.equal(writeJson(-0), "0", "-0 at an integer position is plain 0");
});

test("bigint codec: every long is exact, read from the JSON digits", () => {
  const text = '{"a":9223372036854775807,"b":[-9223372036854775808,9007199254740993,1],"c":1.5e300,"d":-0}';
  const parsed = parseJsonExactly(text);
  const value = decodeValue({ fields: { a: "bigint", b: { array: "bigint" }, c: "double", d: "double" } }, parsed);
  assert.deepEqual([value.a, ...value.b], [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, 1n]);
  assert.equal(value.c, 1.5e300);
  assert.ok(Object.is(value.d, -0));
  assert.equal(writeJson(encodeValue({ array: "bigint" }, [2n ** 63n - 1n, -(2n ** 63n)])),
    "[9223372036854775807,-9223372036854775808]");
  assert.throws(() => encodeValue("bigint", 2n ** 63n), (e) => e.code === "invalid_argument");
  assert.throws(() => encodeValue("bigint", 5), (e) => e.code === "invalid_argument");
  assert.throws(() => decodeValue("long", parseJsonExactly("9223372036854775807")), (e) => e.code === "invalid_response");
  for (const bad of ["{", "[1,]", "01", "1 2", "{\"a\" 1}", "tru", "\"x"]) {
    assert.throws(() => parseJsonExactly(bad), SyntaxError, bad);
  }
  const tricky = '{"s":"a\\"b\\\\","u":"\\u2028\\ud800","n":null,"t":true,"e":[],"o":{}}';
  assert.deepEqual(parseJsonExactly(tricky), JSON.parse(tricky));
});

test("json codec: any JSON value, big integers as bigints, -0.0 kept", () => {
  const value = decodeValue("json", parseJsonExactly('{"big":123456789012345678901,"list":[1,-0.0,"x",null,{"__proto__":1}]}'));
  assert.equal(value.big, 123456789012345678901n);
  assert.ok(Object.is(value.list[1], -0));
  assert.ok(Object.hasOwn(value.list[4], "__proto__"));
  assert.equal(Object.getPrototypeOf(value.list[4]), Object.prototype);
  assert.equal(writeJson(encodeValue("json", value)), '{"big":123456789012345678901,"list":[1,-0.0,"x",null,{"__proto__":1}]}');
  assert.throws(() => encodeValue("json", { a: NaN }), (e) => e.code === "invalid_argument");
  assert.throws(() => encodeValue("json", new Date()), (e) => e.code === "invalid_argument");
});

test("json codec: a fraction no JavaScript number holds exactly is refused, never rounded", () => {
  const exact = parseJsonExactly('[0.1,0.10,1e2,1.5e300,4.9E-324,-0.0,0.0,123.456e-2,5e-7]');
  assert.deepEqual(exact, [0.1, 0.1, 100, 1.5e300, 5e-324, -0, 0, 1.23456, 5e-7]);
  assert.ok(Object.is(exact[5], -0));
  for (const rounded of ["0.1000000000000000055511151231257827", "1e400", "-1e400", "1e-400", "9007199254740993.0",
    "2.00000000000000000001"]) {
    assert.throws(() => parseJsonExactly(`{"a":[${rounded}]}`), RangeError, rounded);
  }
});

test("map keys such as __proto__, constructor and toString survive both ways", () => {
  const wire = '{"__proto__":"2024-01-01T00:00:00.000+00:00","constructor":"2024-01-02T00:00:00.000+00:00","toString":"2024-01-03T00:00:00.000+00:00"}';
  const value = decodeValue({ map: "date" }, JSON.parse(wire));
  assert.deepEqual(Object.keys(value), ["__proto__", "constructor", "toString"]);
  assert.ok(value["__proto__"] instanceof Date && value.constructor instanceof Date && value.toString instanceof Date);
  assert.equal(Object.getPrototypeOf(value), Object.prototype, "the key did not replace the prototype");
  const encoded = encodeValue({ map: "date" }, value);
  assert.equal(writeJson(encoded), '{"__proto__":"2024-01-01T00:00:00.000Z","constructor":"2024-01-02T00:00:00.000Z","toString":"2024-01-03T00:00:00.000Z"}');
  assert.equal(JSON.stringify(encodeValue({ map: "float" }, Object.fromEntries([["__proto__", 1]]))), '{"__proto__":1}');
});

test("output-only properties of a bean are left out when sent", () => {
  const codec = { fields: { name: "string", total: "int" }, outputOnly: ["total"] };
  assert.deepEqual(encodeValue(codec, { name: "a", total: 3 }), { name: "a" });
  assert.deepEqual(decodeValue(codec, { name: "a", total: 3 }), { name: "a", total: 3 });
  assert.deepEqual(decodeValue(codec, { name: "a" }), { name: "a" }, "the server need not send it");
});

test("arguments with codecs are written with bigints and -0.0; the rest with JSON.stringify", async () => {
  await withServer((req, res) => json(res, 200, 1), async (server, poto) => {
    await poto.call("m", "a", { n: 2n ** 63n - 1n, x: -0, y: NaN, z: -0 }, undefined,
      { args: { n: "bigint", x: "float", y: "float" } });
    assert.equal(server.requests[0].text, '{"n":9223372036854775807,"x":-0.0,"y":"NaN","z":0}');
  });
});

test("an answer whose type needs every digit is read exactly", async () => {
  await withServer((req, res) => { res.setHeader("Content-Type", "application/json"); res.end("[9223372036854775807]"); },
    async (server, poto) => {
      assert.deepEqual(await poto.call("m", "a", {}, undefined, { result: { array: "bigint" }, exactDigits: true }),
        [2n ** 63n - 1n]);
      await assert.rejects(poto.call("m", "a", {}, undefined, { result: { array: "bigint" } }),
        (e) => e.code === "invalid_response", "without exactDigits JSON.parse rounds, and the codec refuses");
    });
});

test("unsafe long arguments fail before anything is sent", async () => {
  await withServer((req, res) => json(res, 200, 1), async (server, poto) => {
    await rejectsWith(poto.call("m", "a", { n: 2 ** 60 }, undefined, { args: { n: "long" } }), { code: "invalid_argument" });
    assert.equal(server.requests.length, 0);
  });
});

test("headers from the client's headers() and a call's headers option are sent; protocol headers cannot be set", async () => {
  let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  const server = await fakeServer((req, res) => json(res, 200, "ok"));
  try {
    const poto = new PotoClient({ baseUrl: server.url, headers: () => ({ traceparent, "x-tenant": "from-client" }) });
    assert.equal(await poto.call("todo", "list", {}), "ok");
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"; // computed per call
    assert.equal(await poto.call("todo", "list", {}, { headers: { "x-tenant": "from-call" } }), "ok");
    assert.equal(server.requests[0].headers["traceparent"], "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assert.equal(server.requests[0].headers["x-tenant"], "from-client");
    assert.equal(server.requests[1].headers["traceparent"], "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");
    assert.equal(server.requests[1].headers["x-tenant"], "from-call");
    await rejectsWith(poto.call("todo", "list", {}, { headers: { Authorization: "Bearer forged" } }),
      { status: 0, code: "invalid_argument" });
    assert.equal(server.requests.length, 2); // nothing was sent
  } finally {
    await server.close();
  }
});
