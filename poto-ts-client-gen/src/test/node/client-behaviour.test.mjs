// The TypeScript client against docs/client-behaviour.json, the table the Java client's
// PotoClientBehaviourTest reads too: the same answers end the same way in both clients.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import net from "node:net";
import { once } from "node:events";
import { fakeServer, json, RUNTIME } from "./support.mjs";

const { PotoClient, PotoError } = await import(RUNTIME);
const table = JSON.parse(await readFile(new URL("../../../../docs/client-behaviour.json", import.meta.url), "utf8"));
assert.ok(table.cases.length > 10);

async function unusedPort() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const c of table.cases) {
  test(c.name, async () => {
    let visitorLogins = 0;
    let calls = 0;
    const server = await fakeServer((req, res, entry) => {
      if (entry.url === "/poto/_auth/visitor") {
        visitorLogins++;
        return json(res, 200, { token: `visitor-${visitorLogins}`, userId: `visitor_${visitorLogins}`, expiresAt: "2030-01-01T00:00:00Z" });
      }
      if (entry.url === "/poto/_auth/login") {
        return json(res, 200, { token: "user-1", userId: "alice", expiresAt: "2030-01-01T00:00:00Z" });
      }
      const answer = c.answers[Math.min(calls++, c.answers.length - 1)];
      if (answer.transport !== undefined) return res.socket.destroy();
      res.statusCode = answer.status;
      res.setHeader("Content-Type", answer.contentType);
      res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    });
    try {
      const refused = c.answers[0].transport === "refused";
      const client = new PotoClient({ baseUrl: refused ? `http://127.0.0.1:${await unusedPort()}` : server.url });
      if (c.login === "visitor") await client.loginAsVisitor();
      if (c.login === "user") await client.login("alice", "secret");
      const loginsBefore = visitorLogins;
      if ("result" in c.expect) {
        assert.deepEqual(await client.call("m", "f", {}), c.expect.result);
      } else {
        await assert.rejects(client.call("m", "f", {}), (error) => {
          assert.ok(error instanceof PotoError, `expected a PotoError, got ${error}`);
          assert.equal(error.status, c.expect.status, "status");
          assert.equal(error.code, c.expect.code, "code");
          return true;
        });
      }
      if ("visitorLogins" in c.expect) {
        assert.equal(visitorLogins - loginsBefore, c.expect.visitorLogins, "visitor logins after the first");
      }
      if (!refused) assert.equal(calls, c.answers.length, "requests to m/f");
    } finally {
      await server.close();
    }
  });
}
