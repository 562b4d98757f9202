// A tiny fake Poto server for the runtime tests: loopback, port 0, one handler per test.
import http from "node:http";
import { once } from "node:events";

export const RUNTIME = new URL("../../../target/classes/dev/poto/tsgen/runtime/poto-runtime.js", import.meta.url);

/** Starts a server whose requests go to `handler(req, res, body)`; returns { url, requests, close }. */
export async function fakeServer(handler) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    const entry = { method: req.method, url: req.url, headers: req.headers, text, body: text ? JSON.parse(text) : undefined };
    requests.push(entry);
    res.setHeader("Poto-Request-Id", `req-${requests.length}`);
    try {
      await handler(req, res, entry);
    } catch (error) {
      res.statusCode = 599;
      res.end(String(error));
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

export function json(res, status, value, type = "application/json") {
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.end(JSON.stringify(value));
}

export function problem(res, status, code, detail) {
  json(res, status, { type: `urn:poto:problem:${code}`, title: code, status, detail, code, requestId: "server-rid" },
    "application/problem+json");
}

export function visitorToken(res, token) {
  json(res, 200, { token, userId: `visitor_${token}`, expiresAt: "2030-01-01T00:00:00Z" });
}

/** Resolves when the server side of `req` sees the connection closed (client abort). */
export function closed(res) {
  return new Promise((resolve) => res.on("close", resolve));
}
