// Value codecs: TS values <-> JSON by the codecs generated per declared Java type (docs/TYPES.md).

import { fromBase64, toBase64 } from "./poto-base64.js";
import { parseIsoDateTime } from "./poto-dates.js";
import { clientFailure, type PotoError } from "./poto-errors.js";

/**
 * How a value is converted between its TS form and JSON, generated per type from the declared Java
 * types (never guessed from the data): `float` a number whose NaN and ±Infinity travel as the strings
 * "NaN", "Infinity", "-Infinity" and whose -0 keeps its sign; `long` a number that must be a safe
 * integer; `bigint` a bigint read from the JSON digits; `date` Date <-> ISO-8601 with offset
 * (java.util.Date); `bytes` Uint8Array <-> base64; `json` any JSON value, big integers as bigints.
 * Positions without a codec are plain JSON. `outputOnly` properties are never sent (the server only
 * writes them).
 */
export type Codec =
  | "float"
  | "long"
  | "bigint"
  | "date"
  | "bytes"
  | "json"
  | { readonly array: Codec | undefined }
  | { readonly map: Codec | undefined }
  | { readonly fields: { readonly [name: string]: Codec | undefined }; readonly outputOnly?: readonly string[] }
  | { readonly union: string; readonly cases: { readonly [tag: string]: Codec | undefined } }
  | { readonly ref: () => Codec | undefined };

/**
 * The codecs of one call: per argument name, and for the result (or each stream item). `exactDigits`:
 * the answer holds integers that must keep every digit, so it is read by {@link parseJsonExactly}.
 */
export interface CallCodecs {
  args?: { readonly [name: string]: Codec | undefined };
  result?: Codec;
  exactDigits?: boolean;
  /** The method's declared errors by code (docs/PROTOCOL.md §2a). */
  errors?: { readonly [code: string]: DeclaredErrorCodec };
}

/**
 * A declared error: its status and its fields (extension members of the problem) with their codecs;
 * `optional` names the fields that may be null.
 */
export interface DeclaredErrorCodec {
  readonly status: number;
  readonly fields: { readonly [name: string]: Codec | undefined };
  readonly optional?: readonly string[];
}

/** Any JSON value (Jackson's JsonNode); integers beyond ±(2^53 - 1) are bigints, so none is rounded. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
/** A JSON object (Jackson's ObjectNode). Keys such as "__proto__" are own properties. */
export type JsonObject = { [key: string]: JsonValue };

export type Args = { readonly [name: string]: unknown };

export function parseJson(text: string, requestId: string | undefined, exactDigits = false): unknown {
  try {
    return exactDigits ? parseJsonExactly(text) : JSON.parse(text);
  } catch (error) {
    throw clientFailure("invalid_response", "the answer is not valid JSON", requestId, { cause: error });
  }
}

export function encodeArguments(args: Args, codecs: CallCodecs["args"]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined) {
      setOwn(body, name, encodeValue(codecs?.[name], value, name));
    }
  }
  return body;
}

type DirectCodec = Exclude<Codec, { readonly ref: unknown }>;

/** Follows `ref` thunks (they make recursive and forward references possible) to a direct codec. */
function resolve(codec: Codec | undefined): DirectCodec | undefined {
  let current = codec;
  while (current !== undefined && typeof current === "object" && "ref" in current) {
    current = current.ref();
  }
  return current;
}

/** Sets a key as an own property, so "__proto__" is data, not the prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** Written by {@link writeJson} as `-0.0`, which Java reads as negative zero (`-0` would be integer 0). */
const NEGATIVE_ZERO: unique symbol = Symbol("-0.0");
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Converts a TS value to its JSON form; `path` names the position in error messages. The result may
 * hold bigints and a -0 marker, which only {@link writeJson} writes.
 */
export function encodeValue(codec: Codec | undefined, value: unknown, path = "value"): unknown {
  const c = resolve(codec);
  if (c === undefined || value === null || value === undefined) {
    return value;
  }
  const invalid = (expected: string) =>
    clientFailure("invalid_argument", `${path}: expected ${expected}, got ${describe(value)}`);
  switch (c) {
    case "float":
      if (typeof value !== "number") throw invalid("a number");
      if (Number.isNaN(value)) return "NaN";
      if (value === Infinity) return "Infinity";
      if (value === -Infinity) return "-Infinity";
      return Object.is(value, -0) ? NEGATIVE_ZERO : value;
    case "long":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) throw invalid("a safe integer (|n| <= 2^53 - 1)");
      return value;
    case "bigint":
      if (typeof value !== "bigint" || value < LONG_MIN || value > LONG_MAX) throw invalid("a bigint within the range of a Java long");
      return value;
    case "date":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid("a valid Date");
      return value.toISOString();
    case "bytes":
      if (!(value instanceof Uint8Array)) throw invalid("a Uint8Array");
      return toBase64(value);
    case "json":
      return encodeJsonValue(value, path);
  }
  if ("array" in c) {
    if (!Array.isArray(value)) throw invalid("an array");
    return value.map((item, i) => encodeValue(c.array, item, `${path}[${i}]`));
  }
  if (typeof value !== "object") throw invalid("an object");
  if ("map" in c) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, encodeValue(c.map, item, `${path}.${key}`));
    return out;
  }
  if ("fields" in c) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const name of c.outputOnly ?? []) delete copy[name];
    for (const [name, fieldCodec] of Object.entries(c.fields)) {
      if (Object.hasOwn(copy, name)) copy[name] = encodeValue(fieldCodec, copy[name], `${path}.${name}`);
    }
    return copy;
  }
  const tag = (value as Record<string, unknown>)[c.union];
  return encodeValue(typeof tag === "string" ? c.cases[tag] : undefined, value, path);
}

function encodeJsonValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "bigint") {
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw clientFailure("invalid_argument", `${path}: JSON has no ${value}`);
    }
    return Object.is(value, -0) ? NEGATIVE_ZERO : value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => encodeJsonValue(item, `${path}[${i}]`));
  }
  if (typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) setOwn(out, key, encodeJsonValue(item, `${path}.${key}`));
    }
    return out;
  }
  throw clientFailure("invalid_argument", `${path}: expected a JSON value, got ${describe(value)}`);
}

/**
 * JSON text of an encoded value, like JSON.stringify, but writing bigints as their digits and the -0
 * marker as `-0.0`.
 */
export function writeJson(value: unknown): string {
  if (value === NEGATIVE_ZERO) return "-0.0";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        return "[" + value.map((item) => (isWritable(item) ? writeJson(item) : "null")).join(",") + "]";
      }
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === "function") return writeJson(withJson.toJSON());
      const parts: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        if (isWritable(item)) parts.push(JSON.stringify(key) + ":" + writeJson(item));
      }
      return "{" + parts.join(",") + "}";
    }
    default:
      return JSON.stringify(value) ?? "null";
  }
}

function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && (typeof value !== "symbol" || value === NEGATIVE_ZERO);
}

/** An integer literal too large for a number, kept as its digits by {@link parseJsonExactly}. */
class ExactInteger {
  constructor(readonly digits: string) {}
}

/**
 * Converts a JSON value to its TS form in place (it was freshly parsed). Runs once per stream item,
 * so it allocates nothing on the way: positions without a codec are skipped, and the path of a value
 * (`result.items[3].at`) is put together only when the value is wrong.
 */
export function decodeValue(codec: Codec | undefined, value: unknown, requestId?: string, path = "result"): unknown {
  return decodeAt(codec, value, requestId, path, undefined);
}

/** Where a value sits: its container's place and its key, joined into a path only for an error. */
type Place = string | { readonly parent: Place; readonly key: string | number | undefined };

/** Array indices are numbers, field names and map keys strings. */
function pathOf(parent: Place, key: string | number | undefined): string {
  const base = typeof parent === "string" ? parent : pathOf(parent.parent, parent.key);
  return key === undefined ? base : typeof key === "number" ? `${base}[${key}]` : `${base}.${key}`;
}

function wrong(
  parent: Place, key: string | number | undefined, value: unknown, requestId: string | undefined, expected: string,
): PotoError {
  return clientFailure("invalid_response", `${pathOf(parent, key)}: expected ${expected}, got ${describe(value)}`, requestId);
}

/** The fields of a record codec that have a codec of their own, listed once per codec. */
const FIELDS_WITH_CODECS = new WeakMap<object, ReadonlyArray<readonly [string, Codec]>>();

function fieldsWithCodecs(fields: { readonly [name: string]: Codec | undefined }): ReadonlyArray<readonly [string, Codec]> {
  let list = FIELDS_WITH_CODECS.get(fields);
  if (list === undefined) {
    list = Object.entries(fields).filter((entry): entry is [string, Codec] => entry[1] !== undefined);
    FIELDS_WITH_CODECS.set(fields, list);
  }
  return list;
}

function decodeAt(
  codec: Codec | undefined, value: unknown, requestId: string | undefined, parent: Place, key: string | number | undefined,
): unknown {
  const c = resolve(codec);
  if (c === undefined || value === null || value === undefined) {
    return value;
  }
  switch (c) {
    case "float":
      if (typeof value === "number") return value;
      if (value === "NaN") return NaN;
      if (value === "Infinity") return Infinity;
      if (value === "-Infinity") return -Infinity;
      throw wrong(parent, key, value, requestId, "a number");
    case "long":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        throw wrong(parent, key, value, requestId, "a safe integer (the server sent a long beyond 2^53 - 1; declare it @LongAsBigInt to receive a bigint)");
      }
      return value;
    case "bigint":
      if (value instanceof ExactInteger) return BigInt(value.digits);
      if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
      throw wrong(parent, key, value, requestId, "an integer");
    case "date":
      if (typeof value !== "string") throw wrong(parent, key, value, requestId, "an ISO-8601 string");
      try {
        return parseIsoDateTime(value, false);
      } catch {
        throw wrong(parent, key, value, requestId, "a date-time with offset");
      }
    case "bytes":
      if (typeof value !== "string") throw wrong(parent, key, value, requestId, "a base64 string");
      try {
        return fromBase64(value);
      } catch {
        throw wrong(parent, key, value, requestId, "a base64 string");
      }
    case "json":
      return decodeJsonValue(value);
  }
  if ("array" in c) {
    if (!Array.isArray(value)) throw wrong(parent, key, value, requestId, "an array");
    if (resolve(c.array) === undefined) return value;
    const here: Place = { parent, key };
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const decoded = decodeAt(c.array, item, requestId, here, i);
      if (decoded !== item) value[i] = decoded;
    }
    return value;
  }
  if (typeof value !== "object") throw wrong(parent, key, value, requestId, "an object");
  const object = value as Record<string, unknown>;
  if ("map" in c) {
    if (resolve(c.map) === undefined) return object;
    const here: Place = { parent, key };
    for (const name of Object.keys(object)) {
      const item = object[name];
      const decoded = decodeAt(c.map, item, requestId, here, name);
      if (decoded !== item) setOwn(object, name, decoded);
    }
    return object;
  }
  if ("fields" in c) {
    const fields = fieldsWithCodecs(c.fields);
    if (fields.length === 0) return object;
    const here: Place = { parent, key };
    for (let i = 0; i < fields.length; i++) {
      const [name, fieldCodec] = fields[i];
      if (!Object.hasOwn(object, name)) continue;
      const item = object[name];
      const decoded = decodeAt(fieldCodec, item, requestId, here, name);
      if (decoded !== item) setOwn(object, name, decoded);
    }
    return object;
  }
  const tag = object[c.union];
  return decodeAt(typeof tag === "string" ? c.cases[tag] : undefined, object, requestId, parent, key);
}

function decodeJsonValue(value: unknown): unknown {
  if (value instanceof ExactInteger) return BigInt(value.digits);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeJsonValue(value[i]);
  } else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) setOwn(object, key, decodeJsonValue(object[key]));
  }
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that integer literals beyond ±(2^53 - 1) are kept as their digits (for bigint
 * and JSON positions) instead of being rounded. Object keys become own properties ("__proto__" too).
 */
export function parseJsonExactly(text: string): unknown {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at position ${at}`);
  };
  const space = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\t" || text[at] === "\n" || text[at] === "\r")) at++;
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== "\"") at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) fail();
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const object: Record<string, unknown> = {};
      space();
      if (text[at] === "}") {
        at++;
        return object;
      }
      for (;;) {
        space();
        if (text[at] !== "\"") fail();
        const key = string();
        space();
        if (text[at++] !== ":") fail();
        setOwn(object, key, value());
        space();
        const next = text[at++];
        if (next === "}") return object;
        if (next !== ",") fail();
      }
    }
    if (c === "[") {
      at++;
      const array: unknown[] = [];
      space();
      if (text[at] === "]") {
        at++;
        return array;
      }
      for (;;) {
        array.push(value());
        space();
        const next = text[at++];
        if (next === "]") return array;
        if (next !== ",") fail();
      }
    }
    if (c === "\"") return string();
    for (const [word, result] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (match === null) return fail();
    at += match[0].length;
    const number = Number(match[0]);
    return Number.isSafeInteger(number) || !/^-?\d+$/.test(match[0]) ? number : new ExactInteger(match[0]);
  };
  const result = value();
  space();
  if (at !== text.length) fail();
  return result;
}

function describe(value: unknown): string {
  return value instanceof Date ? "a Date" : Array.isArray(value) ? "an array" : typeof value;
}
