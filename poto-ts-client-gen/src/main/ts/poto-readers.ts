// Answers checked against the contract: every result, stream item and declared-error field is read by
// the reader of its declared type, which checks it with the Java client's rules and converts it where
// its TS form differs from JSON, in one pass (docs/TYPES.md, "What the TypeScript client checks").

import { type Codec, ExactInteger, type ScalarCodec, setOwn } from "./poto-codecs.js";
import { fromBase64 } from "./poto-base64.js";
import { isTimeText, parseIsoDateTime, type TimeForm } from "./poto-dates.js";
import { clientFailure } from "./poto-errors.js";

/**
 * Reads one JSON value (freshly parsed, so it may be changed in place) and returns its TS form, or
 * throws a {@link Mismatch}. Readers allocate nothing for values that are right: the path of a wrong
 * value is put together only while the mismatch travels up (each container adds its key).
 */
type Reader = (value: unknown) => unknown;

/** A value that does not fit the contract: what was wrong, and the keys from the value up to the root. */
class Mismatch {
  readonly keys: (string | number)[] = [];

  constructor(readonly problem: string) {}
}

function mismatch(value: unknown, expected: string): Mismatch {
  return new Mismatch(`expected ${expected}, got ${describe(value)}`);
}

/** `error`, seen from the container that read it under `key`. */
function within(error: unknown, key: string | number): unknown {
  if (error instanceof Mismatch) error.keys.push(key);
  return error;
}

/**
 * The TS form of `value` (a result, stream item or error field read from JSON) checked against
 * `codec`; `invalid_response` naming the path (`result.items[3].name`) and the fault when it does not
 * fit. The value is converted in place.
 */
export function decodeValue(codec: Codec | undefined, value: unknown, requestId?: string, path = "result"): unknown {
  return readWith(readerFor(codec), value, requestId, path);
}

/**
 * Like {@link decodeValue}, with the reader of a codec looked up once (per stream, say); `index`, when
 * given, is appended to the path (`item[41]`) only if the value is wrong.
 */
export function readWith(reader: Reader, value: unknown, requestId: string | undefined, path = "result", index?: number): unknown {
  try {
    return reader(value);
  } catch (error) {
    let at = index === undefined ? path : `${path}[${index}]`;
    if (error instanceof RangeError) {
      // The stack overflowed: a value nested deeper than the engine lets a check go.
      throw clientFailure("invalid_response", `${at}: nested too deeply to check`, requestId, { cause: error });
    }
    if (!(error instanceof Mismatch)) throw error;
    for (let i = error.keys.length - 1; i >= 0; i--) {
      const key = error.keys[i] as string | number;
      at += typeof key === "number" ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    }
    throw clientFailure("invalid_response", `${at}: ${error.problem}`, requestId);
  }
}

// ---- readers, built once per codec ----

const READERS = new WeakMap<object, Reader>();

/** Any value as it is: a position a hand-written codec leaves open (`undefined`). */
const ANY: Reader = (value) => value;

/** The reader of `codec`, built on first use and kept for as long as the codec lives. */
export function readerFor(codec: Codec | undefined): Reader {
  if (codec === undefined) return ANY;
  if (typeof codec === "string") {
    const scalar = SCALARS[codec];
    if (scalar === undefined) throw new Error(`unknown codec "${codec}"`);
    return scalar;
  }
  let reader = READERS.get(codec);
  if (reader === undefined) {
    reader = build(codec);
    READERS.set(codec, reader);
  }
  return reader;
}

function build(codec: Exclude<Codec, string>): Reader {
  if ("ref" in codec) {
    // Built on first call: the thunk may name a codec that is not yet defined (recursion, order).
    let target: Reader | undefined;
    return (value) => (target ??= readerFor(codec.ref()))(value);
  }
  if ("nullable" in codec) {
    const inner = readerFor(codec.nullable);
    return (value) => (value === null ? null : inner(value));
  }
  if ("array" in codec) return arrayReader(readerFor(codec.array));
  if ("map" in codec) return mapReader(readerFor(codec.map), codec.key);
  if ("enum" in codec) return enumReader(codec.enum);
  if ("union" in codec) return unionReader(codec.union, codec.cases);
  return objectReader(codec);
}

function arrayReader(element: Reader): Reader {
  return (value) => {
    if (!Array.isArray(value)) throw mismatch(value, "an array");
    let i = 0;
    try {
      for (; i < value.length; i++) {
        const item = value[i];
        const read = element(item);
        if (read !== item) value[i] = read;
      }
    } catch (error) {
      throw within(error, i);
    }
    return value;
  };
}

function mapReader(valueReader: Reader, keyCodec: Codec | undefined): Reader {
  let key = keyCodec;
  while (key !== undefined && typeof key === "object" && "ref" in key) key = key.ref();
  if (key !== undefined && typeof key === "object" && !("enum" in key)) throw new Error("a map key is a scalar or an enum");
  const keyCheck = key === undefined || key === "string" ? undefined : keyChecker(key);
  return (value) => {
    if (!isObject(value)) throw mismatch(value, "an object (a map)");
    const object = value as Record<string, unknown>;
    let name = "";
    try {
      for (name of Object.keys(object)) {
        if (keyCheck !== undefined && !keyCheck.test(name)) throw new Mismatch(`expected a key of ${keyCheck.expected}, got ${JSON.stringify(name)}`);
        const item = object[name];
        const read = valueReader(item);
        if (read !== item) setOwn(object, name, read);
      }
    } catch (error) {
      throw within(error, name);
    }
    return object;
  };
}

interface KeyCheck {
  readonly expected: string;
  test(key: string): boolean;
}

/** Map keys are the key type's string form (Jackson's key serializers). */
function keyChecker(key: ScalarCodec | { readonly enum: readonly string[] }): KeyCheck {
  if (typeof key === "object") {
    const names = new Set(key.enum);
    return { expected: `one of ${list(key.enum)}`, test: (k) => names.has(k) };
  }
  const integer = ({ min, max }: IntegerRange): KeyCheck => ({
    expected: `an integer from ${min} to ${max}`,
    test: (k) => INTEGER_TEXT.test(k) && Number(k) >= min && Number(k) <= max,
  });
  switch (key) {
    case "byte":
    case "short":
    case "int":
      return integer(INTEGER_RANGES[key] as IntegerRange);
    case "long":
    case "bigint":
      return { expected: "a long", test: (k) => INTEGER_TEXT.test(k) && BigInt(k) >= LONG_MIN && BigInt(k) <= LONG_MAX };
    case "boolean": return { expected: "true or false", test: (k) => k === "true" || k === "false" };
    case "char": return { expected: "one character", test: (k) => k.length === 1 };
    default: {
      const scalar = SCALARS[key];
      if (scalar === undefined) throw new Error(`unknown key codec "${key}"`);
      return {
        expected: EXPECTED[key] ?? key,
        test: (k) => {
          try {
            scalar(k);
            return true;
          } catch {
            return false;
          }
        },
      };
    }
  }
}

function enumReader(constants: readonly string[]): Reader {
  const names = new Set(constants);
  const expected = `one of ${list(constants)}`;
  return (value) => {
    if (typeof value === "string" && names.has(value)) return value;
    throw mismatch(value, expected);
  };
}

function unionReader(property: string, cases: { readonly [tag: string]: Codec | undefined }): Reader {
  const readers = new Map<string, Reader>();
  for (const tag of Object.keys(cases)) readers.set(tag, readerFor(cases[tag]));
  const expected = `one of ${list(Object.keys(cases))}`;
  return (value) => {
    if (!isObject(value)) throw mismatch(value, "an object");
    const tag = Object.hasOwn(value as object, property) ? (value as Record<string, unknown>)[property] : undefined;
    const reader = typeof tag === "string" ? readers.get(tag) : undefined;
    if (reader === undefined) {
      throw within(tag === undefined ? new Mismatch("missing (the type property)") : mismatch(tag, expected), property);
    }
    return reader(value);
  };
}

/** Property names that a plain object inherits: read only as own properties. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A record or bean: every property it declares present and of its type (absent or null only where the
 * codec allows), its type properties equal to its tags, and no other property (as Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES in the Java client).
 */
function objectReader(codec: Extract<Codec, { readonly fields: unknown }>): Reader {
  const names = Object.keys(codec.fields);
  const readers = names.map((name) => readerFor(codec.fields[name]));
  const optional = new Set([...(codec.optional ?? []), ...(codec.outputOnly ?? [])]);
  const required = names.map((name) => !optional.has(name));
  const inherited = names.map((name) => INHERITED.has(name));
  const tags = Object.entries(codec.tags ?? {});
  const known = new Set([...names, ...tags.map(([name]) => name)]);
  return (value) => {
    if (!isObject(value)) throw mismatch(value, "an object");
    const object = value as Record<string, unknown>;
    let present = 0;
    for (let t = 0; t < tags.length; t++) {
      const [property, tag] = tags[t] as [string, string];
      const actual = object[property];
      if (actual !== tag || !Object.hasOwn(object, property)) {
        throw within(actual === undefined ? new Mismatch("missing (the type property)") : mismatch(actual, JSON.stringify(tag)), property);
      }
      present++;
    }
    let i = 0;
    try {
      for (; i < names.length; i++) {
        const name = names[i] as string;
        const item = inherited[i] && !Object.hasOwn(object, name) ? undefined : object[name];
        if (item === undefined) {
          if (required[i]) throw new Mismatch("missing");
          continue;
        }
        present++;
        const read = (readers[i] as Reader)(item);
        if (read !== item) setOwn(object, name, read);
      }
    } catch (error) {
      throw within(error, names[i] as string);
    }
    let count = 0;
    for (const _ in object) count++;
    if (count !== present) {
      const unknown = Object.keys(object).find((name) => !known.has(name)) ?? "";
      throw within(new Mismatch("unknown property (the contract has no such property)"), unknown);
    }
    return object;
  };
}

// ---- scalars ----

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const FLOAT_MAX = 3.4028235677973366e38;
const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/;

/** The range of each integer kind (a long: a safe integer); the typed parsers read the same ranges. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

export const INTEGER_RANGES: { readonly [kind: string]: IntegerRange } = {
  byte: { min: -128, max: 127 },
  short: { min: -32768, max: 32767 },
  int: { min: -2147483648, max: 2147483647 },
  long: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

function integer(kind: string, expected: string): Reader {
  const { min, max } = INTEGER_RANGES[kind] as IntegerRange;
  return (value) => {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    throw mismatch(value, expected);
  };
}

/** A JSON number at a float or double position; NaN and ±Infinity come as Jackson's strings. */
function floating(isFloat: boolean): Reader {
  const expected = isFloat ? "a float" : "a double";
  return (value) => {
    if (typeof value === "number") {
      if (Number.isFinite(value) && (!isFloat || Math.abs(value) <= FLOAT_MAX)) return value;
    } else if (value === "NaN") {
      return NaN;
    } else if (value === "Infinity") {
      return Infinity;
    } else if (value === "-Infinity") {
      return -Infinity;
    } else if (value instanceof ExactInteger) {
      const number = Number(value.digits);
      if (Number.isFinite(number) && (!isFloat || Math.abs(number) <= FLOAT_MAX)) return number;
    }
    throw mismatch(value, expected);
  };
}

function text(expected: string, test: (text: string) => boolean): Reader {
  return (value) => {
    if (typeof value === "string" && test(value)) return value;
    throw mismatch(value, expected);
  };
}

function time(form: TimeForm): Reader {
  return text(EXPECTED[form] as string, (value) => isTimeText(form, value));
}

function jsonValue(value: unknown): unknown {
  if (value instanceof ExactInteger) return BigInt(value.digits);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = jsonValue(value[i]);
  } else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) setOwn(object, key, jsonValue(object[key]));
  }
  return value;
}

const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const BIG_INTEGER_TEXT = /^[+-]?\d+$/;
const BASE64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What each scalar expects, in mismatch messages. */
const EXPECTED: { readonly [name: string]: string } = {
  instant: "an ISO-8601 instant (2024-03-31T01:30:15Z)",
  offsetDateTime: "an ISO-8601 date-time with offset",
  zonedDateTime: "an ISO-8601 date-time with offset and optional [region]",
  localDateTime: "an ISO-8601 local date-time (no offset)",
  localDate: "an ISO-8601 date (2024-02-29)",
  localTime: "an ISO-8601 time (23:59:59.999999999)",
  duration: "an ISO-8601 duration (PT48H)",
  period: "an ISO-8601 period (P1Y2M3D)",
  year: "a year",
  yearMonth: "a year and month (2024-02)",
  zoneId: "a time-zone id",
  uuid: "a UUID",
  decimal: "a decimal number as a string",
  integer: "an integer as a string",
};

/** The reader of each scalar codec name; the generator names them from the wire model's kinds. */
const SCALARS: { readonly [name: string]: Reader } = {
  boolean: (value) => {
    if (typeof value === "boolean") return value;
    throw mismatch(value, "a boolean");
  },
  byte: integer("byte", "a byte (an integer from -128 to 127)"),
  short: integer("short", "a short (an integer from -32768 to 32767)"),
  int: integer("int", "an int (a 32-bit integer)"),
  long: integer("long", "a safe integer (|n| <= 2^53 - 1; declare the long @LongAsBigInt to receive a bigint)"),
  bigint: (value) => {
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (value instanceof ExactInteger) {
      const big = BigInt(value.digits);
      if (big >= LONG_MIN && big <= LONG_MAX) return big;
    }
    throw mismatch(value, "an integer within the range of a Java long");
  },
  float: floating(true),
  double: floating(false),
  char: text("one character", (value) => value.length === 1),
  string: (value) => {
    if (typeof value === "string") return value;
    throw mismatch(value, "a string");
  },
  decimal: text(EXPECTED["decimal"] as string, (value) => DECIMAL_TEXT.test(value)),
  integer: text(EXPECTED["integer"] as string, (value) => BIG_INTEGER_TEXT.test(value)),
  uuid: text(EXPECTED["uuid"] as string, (value) => UUID_TEXT.test(value)),
  date: (value) => {
    // The form and field ranges first: a Date would roll "2024-13-45" over into another day.
    if (typeof value === "string" && isTimeText("offsetDateTime", value)) {
      try {
        return parseIsoDateTime(value, false);
      } catch {
        // the mismatch below
      }
    }
    throw mismatch(value, "an ISO-8601 date-time with offset");
  },
  instant: time("instant"),
  offsetDateTime: time("offsetDateTime"),
  zonedDateTime: time("zonedDateTime"),
  localDateTime: time("localDateTime"),
  localDate: time("localDate"),
  localTime: time("localTime"),
  duration: time("duration"),
  period: time("period"),
  year: time("year"),
  yearMonth: time("yearMonth"),
  zoneId: time("zoneId"),
  bytes: (value) => {
    if (typeof value === "string" && BASE64_TEXT.test(value)) return fromBase64(value);
    throw mismatch(value, "a base64 string");
  },
  json: jsonValue,
  jsonObject: (value) => {
    if (isObject(value)) return jsonValue(value);
    throw mismatch(value, "a JSON object");
  },
  jsonArray: (value) => {
    if (Array.isArray(value)) return jsonValue(value);
    throw mismatch(value, "a JSON array");
  },
};

/** The scalar codec names the runtime knows, for the generator's tests. */
export const SCALAR_CODECS: readonly string[] = Object.freeze(Object.keys(SCALARS));

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof ExactInteger);
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((name) => JSON.stringify(name)).join(", ");
  return names.length > 10 ? `${shown}, ...` : shown;
}

/** The wrong value, briefly: numbers and strings as they are (cut at 40 characters), else their kind. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof ExactInteger) return value.digits;
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
    case "number":
    case "boolean":
      return Object.is(value, -0) ? "-0" : String(value);
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}
