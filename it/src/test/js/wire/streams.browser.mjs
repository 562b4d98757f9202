// Many open streams in Chromium (headless, playwright-core) against the sample board: a page with 20
// streams and 10 tabs of the board still get every call answered and every stream's items, all
// over one shared stream connection; a stream aborted in the page, a closed tab and a closed leader
// tab are each seen cancelled on the server (the board counts its watchers). Env: BOARD_URL,
// USER_DATA_DIR, EXPECT_PROTOCOL ("http/1.1" or "h2"). Exits non-zero on the first failed expectation.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

const url = process.env.BOARD_URL;
const expectProtocol = process.env.EXPECT_PROTOCOL;
const TIMEOUT = 20_000;
/** A call that has not answered in this long is stuck (the browser's connection limit): a failure. */
const PROMPT_MS = 5_000;

const context = await chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  ignoreHTTPSErrors: true, // the test's self-signed development certificate
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
const connectionsOpened = [];
const refused = [];
context.on("response", async (response) => {
  if (response.status() >= 400) {
    refused.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}: `
      + `${await response.text().catch(() => "(no body)")}`);
  }
});
context.on("request", (request) => {
  if (new URL(request.url()).pathname === "/poto/_streams") connectionsOpened.push(request.url());
});

async function openTab(name) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (error) => errors.push(`${name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${name} console: ${message.text()}`);
  });
  await page.goto(url);
  await page.locator("#status[data-state=live]").waitFor();
  return page;
}

/** The board's info, asked from `page` with a deadline: a stuck call fails instead of hanging. */
function info(page) {
  return page.evaluate(async (prompt) => {
    const { PotoClient, LocalStorageTokenStore } = await import("/poto/_client/poto-runtime.js");
    const { BoardModuleClient } = await import("/poto/_client/board.js");
    const board = new BoardModuleClient(new PotoClient({ tokenStore: new LocalStorageTokenStore("poto.board.session") }));
    return board.info({ timeoutMs: prompt });
  }, PROMPT_MS);
}

async function eventually(read, done, what) {
  const until = Date.now() + TIMEOUT;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: still not true (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const first = await openTab("tab 1");
try {
  // ---- one page with 20 more open streams ----
  await first.evaluate(async () => {
    const { PotoClient, LocalStorageTokenStore } = await import("/poto/_client/poto-runtime.js");
    const { BoardModuleClient } = await import("/poto/_client/board.js");
    const board = new BoardModuleClient(new PotoClient({ tokenStore: new LocalStorageTokenStore("poto.board.session") }));
    await board.post("seed note");
    window.received = Array.from({ length: 20 }, () => []);
    window.received.forEach((notes) => {
      (async () => { for await (const note of board.watch()) notes.push(note.text); })()
        .catch((error) => notes.push(`failed: ${error.code}`));
    });
    window.board = board;
  });
  await first.waitForFunction(() => window.received.every((notes) => notes.includes("seed note")), null, { timeout: TIMEOUT });
  const withTwenty = await info(first);
  assert.ok(withTwenty.watchers >= 21, `21 watchers on the server, saw ${withTwenty.watchers}`);
  await first.evaluate(() => window.board.post("to all twenty"));
  await first.waitForFunction(() => window.received.every((notes) => notes.includes("to all twenty")), null, { timeout: TIMEOUT });
  for (let i = 0; i < 5; i++) await info(first); // unary calls keep answering

  // ---- a stream aborted in the page is cancelled on the server ----
  const before = (await info(first)).watchers;
  await first.evaluate(async () => {
    window.aborter = new AbortController();
    window.abortedNotes = [];
    (async () => { for await (const note of window.board.watch({ signal: window.aborter.signal })) window.abortedNotes.push(note); })()
      .catch((error) => { window.abortedWith = error.code; });
  });
  await first.waitForFunction(() => window.abortedNotes.length > 0, null, { timeout: TIMEOUT });
  await eventually(() => info(first), (i) => i.watchers === before + 1, "the extra stream reached the server");
  await first.evaluate(() => window.aborter.abort());
  await first.waitForFunction(() => window.abortedWith === "cancelled", null, { timeout: TIMEOUT });
  await eventually(() => info(first), (i) => i.watchers === before, "the aborted stream was cancelled on the server");

  // ---- ten tabs of the board ----
  const tabs = [first];
  for (let i = 2; i <= 10; i++) tabs.push(await openTab(`tab ${i}`));
  for (const tab of tabs) await info(tab); // every tab's calls answer
  await eventually(() => info(first), (i) => i.watchers === before + 9, "all ten tabs watch");
  await tabs[9].fill("#note-text", "hello all tabs");
  await tabs[9].click("#post-button");
  for (const tab of tabs) await tab.locator("#notes li.note", { hasText: "hello all tabs" }).waitFor();
  assert.equal(connectionsOpened.length, 1, `one shared connection for all tabs and streams: ${connectionsOpened.length}`);

  if (expectProtocol !== undefined) {
    const protocols = await first.evaluate(() => [...new Set(performance.getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.startsWith("/poto/")).map((entry) => entry.nextHopProtocol))]);
    assert.deepStrictEqual(protocols, [expectProtocol], "the protocol the page's calls used");
  }

  // ---- closing tabs cancels their streams on the server ----
  await tabs[9].close(); // a tab that does not hold the connection: the leader cancels its stream
  await eventually(() => info(tabs[1]), (i) => i.watchers === before + 8, "the closed tab's stream was cancelled");
  await first.close(); // the tab holding the connection: the server cancels all its streams, another tab takes over
  await eventually(() => info(tabs[1]), (i) => i.watchers === 8, "only the eight open tabs watch, on a new connection");
  await tabs[8].fill("#note-text", "after the leader left");
  await tabs[8].click("#post-button");
  for (const tab of tabs.slice(1, 9)) await tab.locator("#notes li.note", { hasText: "after the leader left" }).waitFor();
  assert.equal(connectionsOpened.length, 2, "the next tab opened one new connection");

  const unexpected = errors.filter((line) => !/stream_broken|ERR_ABORTED|net::ERR/.test(line));
  assert.deepStrictEqual(unexpected, [], `no script errors in the pages; refused requests: ${refused.join("; ")}`);
  console.log(`streams browser test passed (${expectProtocol ?? "any protocol"})`);
} catch (error) {
  console.error("browser errors:\n" + errors.join("\n"));
  console.error("refused requests:\n" + refused.join("\n"));
  throw error;
} finally {
  await context.close();
}
