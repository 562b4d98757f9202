// Typed JSON parsers: a stream item's JSON read straight into its TS form by a parser built once per
// declared type, instead of JSON.parse and then a reader pass over the result (docs/PROTOCOL.md §4).

import type { Codec } from "./poto-codecs.js";
import { INTEGER_RANGES, type IntegerRange, readerFor } from "./poto-readers.js";

/** Where a typed parser reads: the text, and the position of its next character. */
export class JsonCursor {
  text = "";
  at = 0;
}

/**
 * What a typed parser returns for any text it does not take on itself; the caller then reads that
 * value the general way (JSON.parse and the type's reader), which accepts it or names what is wrong.
 */
export const DECLINED: unique symbol = Symbol("declined");

/**
 * Reads one JSON value of its type at `cursor.at`, leaving `cursor.at` after it; returns the value in
 * its TS form, or {@link DECLINED}. It takes only the compact form the server writes (no whitespace,
 * no escapes, properties in declared order, integers of at most 16 digits), and only values its type
 * accepts, so what it returns is exactly what the general way returns for the same text; everything
 * else (a wrong value, too, so that the general way reports it with its path) it declines.
 */
export type TypedParser = (cursor: JsonCursor) => unknown;

/** Nesting beyond which a type (a generic one that grows with every level, say) gets no typed parser. */
const MAX_DEPTH = 32;

const PARSERS = [new WeakMap<object, TypedParser>(), new WeakMap<object, TypedParser>()];

/**
 * The typed parser of `codec`, or undefined when its type holds a position a typed parser does not
 * read (maps, unions, JSON values, bigints, unchecked positions): such items are read the general way.
 * `exactDigits`: the call's JSON is read with every digit kept, so fractions are left to that reader.
 */
export function typedParserFor(codec: Codec | undefined, exactDigits: boolean): TypedParser | undefined {
  if (codec === undefined || !supported(codec, new Set(), 0)) return undefined;
  return parserOf(codec, exactDigits);
}

/** `within`: the codecs being checked further up (a recursive type refers back to one of them). */
function supported(codec: Codec | undefined, within: Set<object>, depth: number): boolean {
  if (codec === undefined || depth > MAX_DEPTH) return false;
  if (typeof codec === "string") return codec in SCALARS || codec in FRACTIONS || STRING_FORMS.has(codec);
  if (within.has(codec)) return true;
  within.add(codec);
  try {
    if ("ref" in codec) return supported(codec.ref(), within, depth + 1);
    if ("nullable" in codec) return supported(codec.nullable, within, depth + 1);
    if ("array" in codec) return supported(codec.array, within, depth + 1);
    if ("enum" in codec) return true;
    if ("fields" in codec) {
      return Object.keys(codec.fields).every((name) => name !== "__proto__" && supported(codec.fields[name], within, depth + 1))
        && Object.keys(codec.tags ?? {}).every((name) => name !== "__proto__");
    }
    return false; // maps (keys with checks of their own) and unions: the general way
  } finally {
    within.delete(codec);
  }
}

function parserOf(codec: Codec, exactDigits: boolean): TypedParser {
  if (typeof codec === "string") return SCALARS[codec] ?? FRACTIONS[codec]?.[exactDigits ? 1 : 0] ?? textParser(codec);
  const cache = PARSERS[exactDigits ? 1 : 0] as WeakMap<object, TypedParser>;
  let parser = cache.get(codec);
  if (parser === undefined) {
    parser = build(codec, exactDigits);
    cache.set(codec, parser);
  }
  return parser;
}

function build(codec: Exclude<Codec, string>, exactDigits: boolean): TypedParser {
  if ("ref" in codec) {
    // Built on first call: the thunk may name a codec that is not yet defined (recursion, order).
    let target: TypedParser | undefined;
    return (cursor) => (target ??= parserOf(codec.ref() as Codec, exactDigits))(cursor);
  }
  if ("nullable" in codec) {
    const inner = parserOf(codec.nullable, exactDigits);
    return (cursor) => (isNull(cursor) ? null : inner(cursor));
  }
  if ("array" in codec) return arrayParser(parserOf(codec.array as Codec, exactDigits));
  if ("enum" in codec) return enumParser(codec.enum);
  if ("fields" in codec) return objectParser(codec, exactDigits);
  throw new Error("no typed parser for this codec");
}

const COMMA = 44;
const QUOTE = 34;

function arrayParser(element: TypedParser): TypedParser {
  return (cursor) => {
    const text = cursor.text;
    if (text.charCodeAt(cursor.at) !== 91 /* [ */) return DECLINED;
    const array: unknown[] = [];
    if (text.charCodeAt(++cursor.at) === 93 /* ] */) {
      cursor.at++;
      return array;
    }
    for (;;) {
      const value = element(cursor);
      if (value === DECLINED) return DECLINED;
      array.push(value);
      const next = text.charCodeAt(cursor.at++);
      if (next === 93) return array;
      if (next !== COMMA) return DECLINED;
    }
  };
}

function enumParser(constants: readonly string[]): TypedParser {
  const names = new Set(constants);
  return (cursor) => {
    const name = plainString(cursor);
    return name !== DECLINED && names.has(name) ? name : DECLINED;
  };
}

/**
 * A record or bean: its type properties (as the server writes them, first) and then its properties in
 * declared order, each present or, where the contract allows it, absent; nothing else.
 */
function objectParser(codec: Extract<Codec, { readonly fields: unknown }>, exactDigits: boolean): TypedParser {
  const names = Object.keys(codec.fields);
  // A key's text: when the JSON has exactly these characters, its key is exactly the name.
  const keys = names.map((name) => `${JSON.stringify(name)}:`);
  const nextKeys = keys.map((key) => `,${key}`);
  const parsers = names.map((name) => parserOf(codec.fields[name] as Codec, exactDigits));
  // Integers and strings are read here, not through a parser's closure: a call the engine can inline.
  const kinds = names.map((name) => fieldKind(codec.fields[name]));
  const optional = new Set([...(codec.optional ?? []), ...(codec.outputOnly ?? [])]);
  const required = names.map((name) => !optional.has(name));
  const tags = Object.entries(codec.tags ?? {}).map(([property, tag]) => `${JSON.stringify(property)}:${JSON.stringify(tag)}`);
  const tagValues = Object.entries(codec.tags ?? {});
  return (cursor) => {
    const text = cursor.text;
    if (text.charCodeAt(cursor.at) !== 123 /* { */) return DECLINED;
    cursor.at++;
    const object: Record<string, unknown> = {};
    let first = true;
    for (let t = 0; t < tags.length; t++) {
      if (!first && text.charCodeAt(cursor.at++) !== COMMA) return DECLINED;
      const tag = tags[t] as string;
      if (!text.startsWith(tag, cursor.at)) return DECLINED;
      cursor.at += tag.length;
      const [property, value] = tagValues[t] as [string, string];
      object[property] = value;
      first = false;
    }
    for (let i = 0; i < names.length; i++) {
      const key = (first ? keys[i] : nextKeys[i]) as string;
      if (!text.startsWith(key, cursor.at)) {
        if (required[i]) return DECLINED;
        continue; // absent, which the contract allows
      }
      cursor.at += key.length;
      const kind = kinds[i] as FieldKind;
      const value = kind === STRING ? plainString(cursor)
        : kind !== undefined ? readInteger(cursor, kind.min, kind.max) : (parsers[i] as TypedParser)(cursor);
      if (value === DECLINED) return DECLINED;
      object[names[i] as string] = value;
      first = false;
    }
    if (text.charCodeAt(cursor.at) !== 125 /* } */) return DECLINED;
    cursor.at++;
    return object;
  };
}

/** A field read inline: a string, an integer in a range, or (undefined) through its parser. */
type FieldKind = typeof STRING | IntegerRange | undefined;
const STRING = "string";

function fieldKind(codec: Codec | undefined): FieldKind {
  if (codec === "string") return STRING;
  return typeof codec === "string" ? INTEGER_RANGES[codec] : undefined;
}

function isNull(cursor: JsonCursor): boolean {
  if (cursor.text.startsWith("null", cursor.at)) {
    cursor.at += 4;
    return true;
  }
  return false;
}

/** A string without escapes or control characters (JSON.parse refuses the latter), as it is. */
function plainString(cursor: JsonCursor): string | typeof DECLINED {
  const text = cursor.text;
  let at = cursor.at;
  if (text.charCodeAt(at) !== QUOTE) return DECLINED;
  const start = ++at;
  for (;;) {
    const unit = text.charCodeAt(at);
    if (unit === QUOTE) break;
    // A backslash, a control character, or the end of the text (NaN)
    if (unit === 92 || !(unit >= 32)) return DECLINED;
    at++;
  }
  cursor.at = at + 1;
  return text.slice(start, at);
}

/**
 * An integer from `min` to `max` written with at most 16 digits (summed exactly up to 2^53; a larger sum
 * stays above every limit here, as 2^53 is a double and rounding keeps order),
 * and neither followed by a fraction or exponent nor `-0` (a double's negative zero, which the general
 * way keeps).
 */
function integerParser(range: IntegerRange): TypedParser {
  const { min, max } = range;
  return (cursor) => readInteger(cursor, min, max);
}

function readInteger(cursor: JsonCursor, min: number, max: number): number | typeof DECLINED {
  const text = cursor.text;
  let at = cursor.at;
  let unit = text.charCodeAt(at);
  const negative = unit === 45; /* - */
  if (negative) unit = text.charCodeAt(++at);
  const start = at;
  let value = 0;
  if (unit === 48 /* 0 */) {
    unit = text.charCodeAt(++at);
    if (negative) return DECLINED;
  } else {
    while (unit >= 48 && unit <= 57) {
      value = value * 10 + (unit - 48);
      unit = text.charCodeAt(++at);
    }
    if (at === start || at - start > 16) return DECLINED;
  }
  if (unit === 46 || unit === 101 || unit === 69 || (unit >= 48 && unit <= 57)) return DECLINED; // . e E, or 0 then digits
  if (negative) value = -value;
  if (value < min || value > max) return DECLINED;
  cursor.at = at;
  return value;
}

/**
 * A float or double: integers as above; a fraction or exponent as JavaScript reads the number (JSON.parse
 * rounds the same way), unless the call keeps every digit (`exactDigits`: its reader decides). The
 * out-of-range and non-finite forms (the strings "NaN" and "Infinity", 1e400) are declined.
 */
function fractionParser(isFloat: boolean, exactDigits: boolean): TypedParser {
  const integer = integerParser(INTEGER_RANGES["long"] as IntegerRange);
  if (exactDigits) return integer;
  const limit = isFloat ? 3.4028235677973366e38 : Number.MAX_VALUE;
  return (cursor) => {
    const whole = integer(cursor);
    if (whole !== DECLINED) return whole;
    const text = cursor.text;
    const start = cursor.at;
    let at = start;
    if (text.charCodeAt(at) === 45) at++;
    const digits = at;
    at = skipDigits(text, at);
    if (at === digits || (text.charCodeAt(digits) === 48 && at > digits + 1)) return DECLINED;
    if (text.charCodeAt(at) === 46) {
      const fraction = ++at;
      at = skipDigits(text, at);
      if (at === fraction) return DECLINED;
    }
    const e = text.charCodeAt(at);
    if (e === 101 || e === 69) {
      const sign = text.charCodeAt(++at);
      if (sign === 43 || sign === 45) at++;
      const exponent = at;
      at = skipDigits(text, at);
      if (at === exponent) return DECLINED;
    }
    const value = Number(text.slice(start, at));
    if (!(Math.abs(value) <= limit)) return DECLINED;
    cursor.at = at;
    return value;
  };
}

function skipDigits(text: string, at: number): number {
  let unit = text.charCodeAt(at);
  while (unit >= 48 && unit <= 57) unit = text.charCodeAt(++at);
  return at;
}

/** A scalar written as a JSON string: the string, then the scalar's reader (which checks and converts). */
function textParser(name: string): TypedParser {
  const read = readerFor(name as Codec);
  return (cursor) => {
    const text = plainString(cursor);
    if (text === DECLINED) return DECLINED;
    try {
      return read(text);
    } catch {
      return DECLINED;
    }
  };
}

/** The scalars whose JSON is a string, read by {@link textParser}. */
const STRING_FORMS = new Set(["char", "decimal", "integer", "uuid", "date", "instant", "offsetDateTime", "zonedDateTime",
  "localDateTime", "localDate", "localTime", "duration", "period", "year", "yearMonth", "zoneId", "bytes"]);

const SCALARS: { readonly [name: string]: TypedParser } = {
  boolean: (cursor) => {
    const text = cursor.text;
    if (text.startsWith("true", cursor.at)) {
      cursor.at += 4;
      return true;
    }
    if (text.startsWith("false", cursor.at)) {
      cursor.at += 5;
      return false;
    }
    return DECLINED;
  },
  ...Object.fromEntries(Object.entries(INTEGER_RANGES).map(([name, range]) => [name, integerParser(range)])),
  string: plainString,
};

/** Floats and doubles: [the parser of a call that reads fractions as numbers, that of one that keeps every digit]. */
const FRACTIONS: { readonly [name: string]: readonly [TypedParser, TypedParser] } = {
  float: [fractionParser(true, false), fractionParser(true, true)],
  double: [fractionParser(false, false), fractionParser(false, true)],
};
