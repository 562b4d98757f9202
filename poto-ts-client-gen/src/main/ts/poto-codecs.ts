// Value codecs: TS values <-> JSON by the codecs generated per declared Java type (docs/TYPES.md).

import { toBase64 } from "./poto-base64.js";
import { clientFailure } from "./poto-errors.js";

/**
 * The contract of a value, generated per type from the declared Java types (never guessed from the
 * data). Answers are checked against it and converted where their TS form differs from JSON (see
 * poto-readers.ts); arguments are converted by it. A scalar names its Java kind (`int`, `instant`,
 * `uuid`, ...); these convert: `float`/`double` a number whose NaN and ±Infinity travel as the strings
 * "NaN", "Infinity", "-Infinity" and whose -0 keeps its sign; `long` a number that must be a safe
 * integer; `bigint` a bigint read from the JSON digits; `date` Date <-> ISO-8601 with offset
 * (java.util.Date); `bytes` Uint8Array <-> base64; `json`, `jsonObject`, `jsonArray` any JSON value
 * (object, array), big integers as bigints. A map's `key` is the key type (its string form is checked;
 * absent: any string). A record lists its properties (`optional` ones may be
 * absent, `outputOnly` ones are written by the server only and never sent; `tags` are the type
 * properties of a union variant); `undefined` leaves a position unchecked.
 */
export type Codec =
  | ScalarCodec
  | { readonly nullable: Codec }
  | { readonly array: Codec | undefined }
  | { readonly map: Codec | undefined; readonly key?: Codec }
  | { readonly enum: readonly string[] }
  | {
    readonly fields: { readonly [name: string]: Codec | undefined };
    readonly optional?: readonly string[];
    readonly outputOnly?: readonly string[];
    readonly tags?: { readonly [property: string]: string };
  }
  | { readonly union: string; readonly cases: { readonly [tag: string]: Codec | undefined } }
  | { readonly ref: () => Codec | undefined };

/** A leaf: one per Java kind of the wire model (docs/TYPES.md). */
export type ScalarCodec =
  | "boolean" | "byte" | "short" | "int" | "long" | "bigint" | "float" | "double" | "char" | "string"
  | "decimal" | "integer" | "uuid" | "date" | "instant" | "offsetDateTime" | "zonedDateTime" | "localDateTime"
  | "localDate" | "localTime" | "duration" | "period" | "year" | "yearMonth" | "zoneId" | "bytes" | "json"
  | "jsonObject" | "jsonArray" | "upload";

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
  /** The argument that is the method's upload, sent as the request body (docs/PROTOCOL.md §1a). */
  upload?: string;
}

/**
 * A declared error: its status and its fields (extension members of the problem) with their codecs;
 * `optional` names the fields that may be null; `renamed` gives the property of a field whose name an
 * Error already has (`message`, `name`, `stack`, `cause`...; docs/TYPES.md).
 */
export interface DeclaredErrorCodec {
  readonly status: number;
  readonly fields: { readonly [name: string]: Codec | undefined };
  readonly optional?: readonly string[];
  readonly renamed?: { readonly [name: string]: string };
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
    const why = error instanceof RangeError ? `the answer holds a value the client cannot keep exactly: ${error.message}`
      : "the answer is not valid JSON";
    throw clientFailure("invalid_response", why, requestId, { cause: error });
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
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
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
    case "double":
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
    case "jsonObject":
    case "jsonArray":
      return encodeJsonValue(value, path);
  }
  // The other scalars and enums are sent as they are (the server checks them), but for a number JSON
  // has no text of: JSON.stringify would send NaN or Infinity as null, which a nullable position takes.
  if (typeof c === "string" || "enum" in c) {
    if (typeof value === "number" && !Number.isFinite(value)) throw invalid("a finite number (only a float or double takes NaN and Infinity)");
    return value;
  }
  if ("nullable" in c) return encodeValue(c.nullable, value, path);
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
export class ExactInteger {
  constructor(readonly digits: string) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that integer literals beyond ±(2^53 - 1) are kept as their digits (for bigint
 * and JSON positions) instead of being rounded, and a fraction no JavaScript number holds exactly
 * (`1e400`, `0.1000000000000000055511`) is refused with a RangeError instead of being rounded. Object keys become own properties ("__proto__" too).
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
    if (/^-?\d+$/.test(match[0])) return Number.isSafeInteger(number) ? number : new ExactInteger(match[0]);
    if (!Number.isFinite(number) || !namesExactly(match[0], number)) {
      throw new RangeError(`the number ${match[0]} has no exact JavaScript number (it would become ${number})`);
    }
    return number;
  };
  const result = value();
  space();
  if (at !== text.length) fail();
  return result;
}

/**
 * Whether `literal` is a text of the double `number`: its value is the shortest text's (JavaScript's
 * `String(number)`), or, where that has one significant digit, the two-digit text Java writes for the
 * same double (`4.9E-324` for `5e-324`). Any other text would be a decimal the double only approximates.
 */
function namesExactly(literal: string, number: number): boolean {
  const value = decimalValue(literal);
  const shortest = decimalValue(String(number));
  return value === shortest || (significantDigits(shortest) === 1 && significantDigits(value) === 2);
}

function significantDigits(value: string): number {
  return value === "0" ? 1 : value.replace(/^-/, "").indexOf("e");
}

/**
 * A decimal literal's value in one canonical form (sign, significant digits, exponent), so that "0.10"
 * and "0.1", or "1e2" and "100", compare equal and "0.1000000000000000055511" does not equal "0.1".
 */
function decimalValue(literal: string): string {
  const parts = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (parts === null) return literal;
  const fraction = parts[3] ?? "";
  const digits = (parts[2] + fraction).replace(/^0+/, "");
  if (digits === "") return "0";
  const significant = digits.replace(/0+$/, "");
  const exponent = BigInt(parts[4] ?? "0") - BigInt(fraction.length) + BigInt(digits.length - significant.length);
  return `${parts[1]}${significant}e${exponent}`;
}

function describe(value: unknown): string {
  return value instanceof Date ? "a Date" : Array.isArray(value) ? "an array" : typeof value;
}
