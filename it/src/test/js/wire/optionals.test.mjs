// OptionalInt, OptionalLong and OptionalDouble through the GENERATED client against the live Java server:
// a present value and an empty one (sent as null and left out), each as argument and as result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, rejection } from "./client.mjs";

const { roundtrip } = connect();

/** Echoes `value`, and checks it comes back as the very same number (Object.is: -0 and NaN too). */
async function same(echo, value) {
  const back = await echo(value);
  assert.ok(Object.is(back, value), `sent ${Object.is(value, -0) ? "-0" : value}, got ${back}`);
}

test("OptionalInt: present values cross both ways, empty is null whether sent as null or left out", async () => {
  const echo = (v) => roundtrip.echoOptionalInt(v);
  for (const value of [0, 1, -1, 2147483647, -2147483648]) await same(echo, value);
  assert.equal(await roundtrip.echoOptionalInt(null), null);
  assert.equal(await roundtrip.echoOptionalInt(), null);
  assert.equal(await roundtrip.echoOptionalInt(undefined), null);
  const tooBig = await rejection(roundtrip.echoOptionalInt(2147483648));
  assert.equal(tooBig.code, "invalid_argument");
  assert.equal((await rejection(roundtrip.echoOptionalInt(1.5))).code, "invalid_argument");
});

test("OptionalLong: every safe integer crosses both ways, empty is null, unsafe ones are refused before sending", async () => {
  const echo = (v) => roundtrip.echoOptionalLong(v);
  for (const value of [0, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 40]) await same(echo, value);
  assert.equal(await roundtrip.echoOptionalLong(null), null);
  assert.equal(await roundtrip.echoOptionalLong(), null);
  const unsafe = await rejection(roundtrip.echoOptionalLong(Number.MAX_SAFE_INTEGER + 1));
  assert.deepStrictEqual([unsafe.status, unsafe.code], [0, "invalid_argument"], "refused before anything was sent");
});

test("OptionalDouble: finite, -0, NaN and ±Infinity cross both ways, empty is null", async () => {
  const echo = (v) => roundtrip.echoOptionalDouble(v);
  for (const value of [0, -0, 1.5, -2.25e-300, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity]) {
    await same(echo, value);
  }
  assert.equal(await roundtrip.echoOptionalDouble(null), null);
  assert.equal(await roundtrip.echoOptionalDouble(), null);
});
