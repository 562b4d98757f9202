// Drives the sample board in Debian's chromium (headless) with playwright-core: visitor login on
// load, a note posted and shown via the live stream, the visitor's post count from the session, a note
// from a second browser shown live in the first, an empty note's problem shown on the page, and a
// screenshot. Env: BOARD_URL, SCREENSHOT,
// USER_DATA_DIR. Exits non-zero with a message on the first failed expectation.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";

const url = process.env.BOARD_URL;
const screenshot = process.env.SCREENSHOT;
const userDataDir = process.env.USER_DATA_DIR;
const TIMEOUT = 20_000;

/** A headless chromium with a fresh profile of its own (so its own storage and its own visitor). */
function launch(name) {
  return chromium.launchPersistentContext(path.join(userDataDir, name), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 900, height: 820 },
  });
}
const context = await launch("first");
let other = null;
const browserErrors = [];
function watchPage(page, name) {
  page.on("pageerror", (error) => browserErrors.push(`${name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") browserErrors.push(`${name} console: ${message.text()}`);
  });
  page.setDefaultTimeout(TIMEOUT);
}

const page = context.pages()[0] ?? await context.newPage();
try {
  watchPage(page, "first");
  const loaded = [];
  page.on("response", (response) => loaded.push(new URL(response.url()).pathname));
  await page.goto(url);

  // Visitor login on load, then whoami.
  await page.locator("#whoami", { hasText: /^You are visitor \S{4} \(roles: visitor\)$/ }).waitFor();
  const session = await page.evaluate(() => JSON.parse(localStorage.getItem("poto.board.session")));
  assert.match(session.userId, /^visitor_/);
  assert.ok(loaded.includes("/poto/_client/board.js") && loaded.includes("/poto/_client/poto-runtime.js"),
    `the page imports the generated client (loaded: ${loaded.join(", ")})`);
  await page.locator("#status[data-state=live]").waitFor();
  await page.locator("#my-posts", { hasText: /^0 posts by you$/ }).waitFor();

  // A note from this page appears through the stream (the page never inserts its own posts).
  await page.fill("#note-text", "Hello from Chromium!");
  await page.click("#post-button");
  const first = page.locator("#notes li.note", { hasText: "Hello from Chromium!" });
  await first.waitFor();
  assert.equal(await first.locator(".author").textContent(), "you");
  assert.equal(await page.inputValue("#note-text"), "");
  // The visitor's post count, kept in the session by the server.
  await page.locator("#my-posts", { hasText: /^1 post by you$/ }).waitFor();

  // A second browser (its own profile, so its own visitor) sees the note in its backlog,
  // which proves its stream is up; its post then arrives live in the first page.
  other = await launch("second");
  const secondPage = other.pages()[0] ?? await other.newPage();
  watchPage(secondPage, "second");
  await secondPage.goto(url);
  await secondPage.locator("#notes li.note", { hasText: "Hello from Chromium!" }).waitFor();
  const secondWho = await secondPage.locator("#whoami").textContent();
  await secondPage.fill("#note-text", "And hello from a second visitor");
  await secondPage.click("#post-button");
  const live = page.locator("#notes li.note", { hasText: "And hello from a second visitor" });
  await live.waitFor();
  assert.match(await live.locator(".author").textContent(), /^visitor \S{4}$/);
  assert.notEqual(await live.locator(".author").textContent(), "you");
  assert.equal((await page.locator("#notes li.note").first().textContent()).includes("second visitor"), true,
    "newest first");
  assert.notEqual(secondWho, await page.locator("#whoami").textContent(), "two different visitors");

  // An empty note: the module's invalid_note problem is shown to the user.
  await page.fill("#note-text", "   ");
  await page.click("#post-button");
  const error = page.locator("#error");
  await error.waitFor({ state: "visible" });
  assert.match(await error.textContent(), /A note needs 1 to 280 characters, got 0 \(invalid_note, HTTP 400\)/);
  assert.equal(await page.locator("#notes li.note").count(), 2);

  // A good post clears the error again.
  await page.fill("#note-text", "Third time lucky");
  await page.click("#post-button");
  await page.locator("#notes li.note", { hasText: "Third time lucky" }).waitFor();
  await error.waitFor({ state: "hidden" });
  await page.locator("#my-posts", { hasText: /^2 posts by you$/ }).waitFor(); // the empty note did not count
  await page.fill("#note-text", "   ");
  await page.click("#post-button");
  await error.waitFor({ state: "visible" });

  mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  // The expected failure above logs a 400 in the console; anything else is a bug in the page.
  const unexpected = browserErrors.filter((line) => !/400 \(Bad Request\)/.test(line));
  assert.deepStrictEqual(unexpected, [], "no script errors in the pages");
  console.log("board browser test passed; screenshot:", screenshot);
} catch (error) {
  // Leave evidence: what the page showed and said.
  const failure = screenshot.replace(/\.png$/, "-failure.png");
  mkdirSync(path.dirname(failure), { recursive: true });
  await page.screenshot({ path: failure, fullPage: true }).catch(() => undefined);
  console.error("page text at failure:\n" + await page.locator("body").innerText().catch(() => "(unavailable)"));
  console.error("browser errors:\n" + browserErrors.join("\n"));
  throw error;
} finally {
  await context.close();
  if (other) await other.close();
}
