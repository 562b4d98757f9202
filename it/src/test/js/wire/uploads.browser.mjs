// A page in Debian's chromium (headless, driven by playwright-core) uploads a 50 MB File through the
// generated TypeScript client, as served by the server; the server answers the SHA-256 of what it read,
// which must equal the page's own. Env: POTO_URL, USER_DATA_DIR. Prints a JSON line "result: {...}".
import { chromium } from "playwright-core";
import path from "node:path";

const url = process.env.POTO_URL;
const context = await chromium.launchPersistentContext(path.join(process.env.USER_DATA_DIR, "uploads"), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.setDefaultTimeout(120_000);
  await page.goto(url + "/poto/_health/live"); // any page of the server's origin
  const result = await page.evaluate(async () => {
    const { PotoClient } = await import("/poto/_client/poto-runtime.js");
    const { UploadsModuleClient } = await import("/poto/_client/uploads.js");
    const size = 50 * 1024 * 1024;
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const expected = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
    const file = new File([bytes], "grand fichier ✓.bin", { type: "application/x-poto-test" });
    const uploads = new UploadsModuleClient(new PotoClient());
    const received = await uploads.digest("from chromium", file, 50);
    return { expected, received, size };
  });
  console.log("result: " + JSON.stringify(result));
  if (errors.length > 0) throw new Error("errors in the page: " + errors.join("; "));
} finally {
  await context.close();
}
