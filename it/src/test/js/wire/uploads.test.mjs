// Uploads through the generated TypeScript client over real HTTP: each source type the client takes
// (Blob, File, Uint8Array, ReadableStream) reaches the method whole; the server answers its SHA-256.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { PotoClient, PotoError, rejection, URL_MAIN } from "./client.mjs";

const { UploadsModuleClient } = await import(pathToFileURL(path.join(process.env.POTO_CLIENT_DIR, "uploads.js")).href);
const uploads = () => new UploadsModuleClient(new PotoClient({ baseUrl: URL_MAIN }));
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const bytes = randomBytes(2 * 1024 * 1024 + 3);

test("a Blob is the body, with its type; the other arguments arrive (non-ASCII too)", async () => {
  const received = await uploads().digest("naïve ✓ 😀", new Blob([bytes], { type: "image/png" }), 2);
  assert.deepStrictEqual(received, {
    label: "naïve ✓ 😀", copies: 2, contentType: "image/png", fileName: null, length: bytes.length, sha256: sha256(bytes),
  });
});

test("a File also sends its name, percent-encoded", async () => {
  const file = new File([bytes], "résumé 100%+1.pdf", { type: "application/pdf" });
  const received = await uploads().digest("file", file, undefined);
  assert.equal(received.fileName, "résumé 100%+1.pdf");
  assert.equal(received.contentType, "application/pdf");
  assert.equal(received.copies, null);
  assert.equal(received.sha256, sha256(bytes));
});

test("a Uint8Array is sent as application/octet-stream; an empty one is an empty body", async () => {
  const received = await uploads().digest("bytes", new Uint8Array(bytes), 1);
  assert.deepStrictEqual([received.contentType, received.length, received.sha256], ["application/octet-stream", bytes.length, sha256(bytes)]);
  const empty = await uploads().digest("empty", new Uint8Array(0), 1);
  assert.deepStrictEqual([empty.length, empty.sha256], [0, sha256(new Uint8Array(0))]);
});

test("a ReadableStream is streamed as it is read (chunked)", async () => {
  const chunk = 256 * 1024;
  let offset = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  }, { highWaterMark: 0 });
  const received = await uploads().digest("stream", stream, 3);
  assert.deepStrictEqual([received.length, received.sha256, received.label], [bytes.length, sha256(bytes), "stream"]);
});

test("the arguments by name carry the upload too", async () => {
  const received = await uploads().digestWith({ label: "named", file: new Blob(["hello"]) });
  assert.deepStrictEqual([received.label, received.length, received.contentType, received.copies],
    ["named", 5, "application/octet-stream", null]);
});

test("anything else is refused before a request is sent, as are the upload headers among the call's own", async () => {
  const notSent = await rejection(uploads().digest("x", "text", 1));
  assert.deepStrictEqual([notSent.status, notSent.code], [0, "invalid_argument"]);
  assert.match(notSent.message, /Blob, File, Uint8Array or ReadableStream/);
  for (const header of ["Poto-Args", "poto-upload-name"]) {
    const refused = await rejection(uploads().digest("x", new Blob(["a"]), 1, { headers: { [header]: "{}" } }));
    assert.equal(refused.code, "invalid_argument");
  }
});

test("a deadline that passes mid-upload fails the call with deadline_exceeded", async () => {
  let sent = false;
  const stalling = new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(new Uint8Array(64 * 1024));
      } // then nothing more: the body never ends
    },
  });
  const caught = await rejection(uploads().watched(stalling, { timeoutMs: 500 }));
  assert.ok(caught instanceof PotoError);
  assert.equal(caught.code, "deadline_exceeded");
});
