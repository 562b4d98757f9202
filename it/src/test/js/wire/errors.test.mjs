// Declared errors through the generated TypeScript client: each method's errors come back as
// PotoErrors with their typed fields, recognised by the client's static errorOf(method, error).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { PotoClient, PotoError, rejection, URL_MAIN } from "./client.mjs";

const { ErrorsModuleClient } = await import(pathToFileURL(path.join(process.env.POTO_CLIENT_DIR, "errors.js")).href);
const errors = () => new ErrorsModuleClient(new PotoClient({ baseUrl: URL_MAIN }));

test("a declared error carries its code, status, message and typed fields", async () => {
  const client = errors();
  assert.equal(await client.note(1), "note 1");
  const caught = await rejection(client.note(42));
  const e = ErrorsModuleClient.errorOf("note", caught);
  assert.ok(e instanceof PotoError);
  assert.deepStrictEqual([e.status, e.code, e.message, e.noteId], [404, "note_not_found", "No note 42", 42]);
  assert.match(e.requestId, /^[A-Za-z0-9_-]{16}$/);
  // Recognised for the call that raised it only: spend() declares the same class, but this came from note().
  assert.equal(ErrorsModuleClient.errorOf("spend", caught), undefined);
  assert.equal(ErrorsModuleClient.errorOf("note", new PotoError(404, "note_not_found", "forged")), undefined);
  assert.equal(ErrorsModuleClient.errorOf("note", new Error("other")), undefined);
});

test("fields keep exact values: decimals as text, nanoseconds and offsets, lists, null", async () => {
  const caught = await rejection(errors().spend(-2147483648, "-0.000123450",
    "2026-11-30T23:59:59.123456789-03:30", ["ada", "", "é😀"], null));
  const e = ErrorsModuleClient.errorOf("spend", caught);
  assert.equal(e.code, "quota_exceeded");
  assert.equal(e.status, 429);
  assert.equal(e.limit, -2147483648);
  assert.equal(e.used, "-0.000123450"); // digits and scale kept
  assert.equal(e.resetsAt, "2026-11-30T23:59:59.123456789-03:30");
  assert.deepStrictEqual(e.owners, ["ada", "", "é😀"]);
  assert.equal(e.plan, null);
  assert.ok(Object.hasOwn(e, "plan"), "a null field is a property holding null");
});

test("a stream method's declared error rejects the iteration with its fields", async () => {
  const lines = [];
  for await (const line of errors().lines(1)) lines.push(line);
  assert.deepStrictEqual(lines, ["a", "b"]);
  let caught;
  try {
    for await (const line of errors().lines(9)) lines.push(line);
  } catch (error) {
    caught = error;
  }
  assert.equal(ErrorsModuleClient.errorOf("lines", caught)?.noteId, 9);
});

test("an undeclared domain error is a plain 500 without its fields", async () => {
  const caught = await rejection(errors().undeclared("s3cr3t"));
  assert.deepStrictEqual([caught.status, caught.code], [500, "internal_error"]);
  assert.ok(!JSON.stringify(Object.entries(caught)).includes("s3cr3t"));
  assert.equal(ErrorsModuleClient.errorOf("note", caught), undefined);
});

test("fields named like Error's own properties arrive renamed; message, name and stack stay the error's", async () => {
  const caught = await rejection(errors().clash("the text", 7, null, ["a", "b"]));
  const e = ErrorsModuleClient.errorOf("clash", caught);
  assert.ok(e instanceof PotoError);
  assert.equal(e.code, "clashing_fields");
  assert.equal(e.message, "Fields clash: the text", "message is the problem's detail");
  assert.equal(e.name, "PotoError");
  assert.equal(typeof e.stack, "string");
  assert.equal(e.cause, undefined);
  assert.deepStrictEqual([e.message_, e.name_, e.stack_, e.cause_], ["the text", 7, null, ["a", "b"]]);
  assert.ok(Object.hasOwn(e, "stack_"), "a null field is a property holding null");
});
