// Interceptors (in the manner of connect-es) and per-call headers of the TypeScript client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeServer, json, problem, visitorToken, RUNTIME } from "./support.mjs";

const { PotoClient, PotoError } = await import(RUNTIME);

test("an interceptor can send an external identity provider's bearer token on every call", async () => {
  let issued = 0;
  const server = await fakeServer((req, res) => json(res, 200, "ok"));
  try {
    const bearer = (next) => async (request) => {
      request.header.set("Authorization", `Bearer idp-${++issued}`);
      return next(request);
    };
    const client = new PotoClient({ baseUrl: server.url, interceptors: [bearer] });
    assert.equal(await client.call("todo", "add", {}), "ok");
    assert.equal(await client.call("todo", "add", {}), "ok");
    assert.deepEqual(server.requests.map((r) => r.headers.authorization), ["Bearer idp-1", "Bearer idp-2"]);
  } finally {
    await server.close();
  }
});

test("interceptors run first outermost, see every request by procedure and every answer with its status", async () => {
  const seen = [];
  const server = await fakeServer((req, res, entry) => {
    if (entry.url === "/poto/_auth/visitor") return visitorToken(res, "t1");
    if (entry.url === "/poto/todo/gone") return problem(res, 404, "unknown_method", "No method gone");
    json(res, 200, "ok");
  });
  try {
    const outer = (next) => async (request) => {
      request.header.set("X-Trace", "outer");
      seen.push(`outer>${request.procedure}`);
      const response = await next(request);
      seen.push(`outer<${response.status}`);
      return response;
    };
    const inner = (next) => async (request) => {
      seen.push(`inner sees X-Trace=${request.header.get("x-trace")} and ${request.header.get("authorization") ?? "no token"}`);
      request.header.set("X-Trace", "inner");
      return next(request);
    };
    const client = new PotoClient({ baseUrl: server.url, interceptors: [outer, inner] });
    await client.loginAsVisitor();
    assert.equal(await client.call("todo", "add", {}), "ok");
    await assert.rejects(client.call("todo", "gone", {}), (e) => e instanceof PotoError && e.code === "unknown_method");
    assert.deepEqual(seen, [
      "outer>_auth/visitor", "inner sees X-Trace=outer and no token", "outer<200",
      "outer>todo.add", "inner sees X-Trace=outer and Bearer t1", "outer<200",
      "outer>todo.gone", "inner sees X-Trace=outer and Bearer t1", "outer<404",
    ]);
    assert.equal(server.requests[1].headers["x-trace"], "inner");
  } finally {
    await server.close();
  }
});

test("per-call headers are sent, win over the client's headers, and cannot replace the protocol's", async () => {
  const server = await fakeServer((req, res) => json(res, 200, "ok"));
  try {
    const client = new PotoClient({ baseUrl: server.url, headers: () => ({ "X-Tenant": "from-client", "X-Other": "kept" }) });
    await client.call("todo", "add", {}, { headers: { "X-Tenant": "acme" } });
    assert.equal(server.requests[0].headers["x-tenant"], "acme");
    assert.equal(server.requests[0].headers["x-other"], "kept");
    await assert.rejects(client.call("todo", "add", {}, { headers: { Authorization: "Bearer x" } }),
      (e) => e instanceof PotoError && e.code === "invalid_argument" && e.status === 0);
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});
