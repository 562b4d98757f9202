// Typed JSON parsers: a stream item's JSON read straight into its TS form by a parser built once per
// declared type, instead of JSON.parse and then a reader pass over the result (docs/PROTOCOL.md §4).

import type { Codec } from "./poto-codecs.js";
import { INTEGER_RANGES, type IntegerRange, readerFor } from "./poto-readers.js";

const NO_BYTES = new Uint8Array(0);

/**
 * Where a typed parser reads: a chunk's bytes, the same chunk as text with one character per byte (the
 * caller only hands over chunks that decoded so: ASCII), and the position of the next byte. Structure,
 * numbers and keys are read from the bytes (an array load is far cheaper than `charCodeAt`, and four
 * bytes are compared at once); string values are cut from the text.
 */
export class JsonCursor {
  bytes: Uint8Array = NO_BYTES;
  /** The bytes, read four at a time by {@link skipLiteral}. */
  view: DataView = new DataView(NO_BYTES.buffer);
  text = "";
  at = 0;

  /** Reads `bytes`, whose text is `text` (one character per byte), from position 0. */
  reset(bytes: Uint8Array, text: string): void {
    // A plain view even of a subclass (Node's Buffer): the loads then see one kind of array, and stay fast.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = text;
    this.at = 0;
  }
}

/** ASCII text to compare at a cursor: as 32-bit words (little-endian) and the bytes after the last whole word. */
export class Literal {
  readonly length: number;
  readonly #words: Int32Array;
  readonly #tail: Uint8Array;

  constructor(text: string) {
    const bytes = Uint8Array.from(text, (character) => {
      const code = character.charCodeAt(0);
      if (code > 0x7f) throw new Error(`a literal is ASCII: ${JSON.stringify(text)}`);
      return code;
    });
    this.length = bytes.length;
    const view = new DataView(bytes.buffer);
    this.#words = Int32Array.from({ length: bytes.length >> 2 }, (_, i) => view.getInt32(i * 4, true));
    this.#tail = bytes.slice(this.#words.length * 4);
  }

  /** Whether the cursor's bytes hold this text at `at` (false where they end before it). */
  at(cursor: JsonCursor, at: number): boolean {
    if (at + this.length > cursor.bytes.length) return false;
    const view = cursor.view;
    const words = this.#words;
    let position = at;
    for (let i = 0; i < words.length; i++, position += 4) {
      if (view.getInt32(position, true) !== words[i]) return false;
    }
    const bytes = cursor.bytes;
    const tail = this.#tail;
    for (let i = 0; i < tail.length; i++) {
      if (bytes[position + i] !== tail[i]) return false;
    }
    return true;
  }
}

/** Moves the cursor past `literal` if it comes next; false (the cursor unmoved) otherwise. */
function skipLiteral(cursor: JsonCursor, literal: Literal): boolean {
  if (!literal.at(cursor, cursor.at)) return false;
  cursor.at += literal.length;
  return true;
}

/**
 * What a typed parser returns for any text it does not take on itself; the caller then reads that
 * value the general way (JSON.parse and the type's reader), which accepts it or names what is wrong.
 */
export const DECLINED: unique symbol = Symbol("declined");

/**
 * Reads one JSON value of its type at `cursor.at`, leaving `cursor.at` after it; returns the value in
 * its TS form, or {@link DECLINED}. It takes only the compact form the server writes (no whitespace,
 * no escapes, ASCII strings, properties in declared order, integers of at most 16 digits), and only
 * values its type accepts, so what it returns is exactly what the general way returns for the same
 * text; everything else (a wrong value, too, so that the general way reports it with its path) it
 * declines.
 */
export type TypedParser = (cursor: JsonCursor) => unknown;

/** Nesting beyond which a type (a generic one that grows with every level, say) gets no typed parser. */
const MAX_DEPTH = 32;

/** Parsers built, by [exactDigits][compiled]. */
const PARSERS = [[new WeakMap<object, TypedParser>(), new WeakMap<object, TypedParser>()],
  [new WeakMap<object, TypedParser>(), new WeakMap<object, TypedParser>()]];

/**
 * The typed parser of `codec`, or undefined when its type holds a position a typed parser does not
 * read (maps, unions, JSON values, bigints, unchecked positions): such items are read the general way.
 * `exactDigits`: the call's JSON is read with every digit kept, so fractions are left to that reader.
 */
export function typedParserFor(codec: Codec | undefined, exactDigits: boolean,
    compiled: boolean = COMPILED_RECORDS): TypedParser | undefined {
  if (codec === undefined || !supported(codec, new Set(), 0)) return undefined;
  return parserOf(codec, exactDigits, compiled);
}

/**
 * Whether records get parsers compiled to code of their own ({@link compiledObjectParser}): where the
 * runtime allows `new Function` and there is no page. A page's Content-Security-Policy commonly
 * forbids it (and reports each refusal), so pages keep the interpreted parsers.
 */
export const COMPILED_RECORDS: boolean = (globalThis as { document?: unknown }).document === undefined && (() => {
  try {
    return new Function("return 1")() === 1;
  } catch {
    return false;
  }
})();

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

function parserOf(codec: Codec, exactDigits: boolean, compiled: boolean): TypedParser {
  if (typeof codec === "string") return SCALARS[codec] ?? FRACTIONS[codec]?.[exactDigits ? 1 : 0] ?? textParser(codec);
  const cache = (PARSERS[exactDigits ? 1 : 0] as WeakMap<object, TypedParser>[])[compiled ? 1 : 0] as WeakMap<object, TypedParser>;
  let parser = cache.get(codec);
  if (parser === undefined) {
    parser = build(codec, exactDigits, compiled);
    cache.set(codec, parser);
  }
  return parser;
}

function build(codec: Exclude<Codec, string>, exactDigits: boolean, compiled: boolean): TypedParser {
  if ("ref" in codec) {
    // Built on first call: the thunk may name a codec that is not yet defined (recursion, order).
    let target: TypedParser | undefined;
    return (cursor) => (target ??= parserOf(codec.ref() as Codec, exactDigits, compiled))(cursor);
  }
  if ("nullable" in codec) {
    const inner = parserOf(codec.nullable, exactDigits, compiled);
    return (cursor) => (isNull(cursor) ? null : inner(cursor));
  }
  if ("array" in codec) return arrayParser(parserOf(codec.array as Codec, exactDigits, compiled));
  if ("enum" in codec) return enumParser(codec.enum);
  if ("fields" in codec) {
    return (compiled ? compiledObjectParser(codec, exactDigits) : undefined) ?? objectParser(codec, exactDigits);
  }
  throw new Error("no typed parser for this codec");
}

const COMMA = 44;
const QUOTE = 34;

function arrayParser(element: TypedParser): TypedParser {
  return (cursor) => {
    const bytes = cursor.bytes;
    if (bytes[cursor.at] !== 91 /* [ */) return DECLINED;
    const array: unknown[] = [];
    if (bytes[++cursor.at] === 93 /* ] */) {
      cursor.at++;
      return array;
    }
    for (;;) {
      const value = element(cursor);
      if (value === DECLINED) return DECLINED;
      array.push(value);
      const next = bytes[cursor.at++];
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
  // A key's text: when the JSON has exactly these characters, its key is exactly the name. A name that is
  // not ASCII has no literal: such a record is declined whenever that property is present.
  const keys = names.map((name) => asciiLiteral(`${JSON.stringify(name)}:`));
  const nextKeys = names.map((name) => asciiLiteral(`,${JSON.stringify(name)}:`));
  const parsers = names.map((name) => parserOf(codec.fields[name] as Codec, exactDigits, false));
  // Integers and strings are read here, not through a parser's closure: a call the engine can inline.
  // The kinds and ranges are plain numbers, so that every load of them sees one type.
  const kinds = names.map((name) => fieldKind(codec.fields[name]));
  const mins = names.map((name) => INTEGER_RANGES[codec.fields[name] as string]?.min ?? 0);
  const maxes = names.map((name) => INTEGER_RANGES[codec.fields[name] as string]?.max ?? 0);
  const optional = new Set([...(codec.optional ?? []), ...(codec.outputOnly ?? [])]);
  const required = names.map((name) => !optional.has(name));
  const tagValues = Object.entries(codec.tags ?? {});
  const tags = tagValues.map(([property, tag]) => asciiLiteral(`${JSON.stringify(property)}:${JSON.stringify(tag)}`));
  const nextTags = tagValues.map(([property, tag]) => asciiLiteral(`,${JSON.stringify(property)}:${JSON.stringify(tag)}`));
  // A record whose properties are all required starts as a copy of one with all of them, in order (the
  // engine copies its layout at once instead of growing the object property by property); every one is
  // then set, or the record declined.
  const template: Record<string, unknown> | undefined = tagValues.length === 0 && required.every((isRequired) => isRequired)
    ? Object.fromEntries(names.map((name) => [name, undefined])) : undefined;
  return (cursor) => {
    if (cursor.bytes[cursor.at] !== 123 /* { */) return DECLINED;
    cursor.at++;
    const object: Record<string, unknown> = template !== undefined ? { ...template } : {};
    let first = true;
    for (let t = 0; t < tagValues.length; t++) {
      const tag = first ? tags[t] : nextTags[t];
      if (tag === undefined || !skipLiteral(cursor, tag)) return DECLINED;
      const [property, value] = tagValues[t] as [string, string];
      object[property] = value;
      first = false;
    }
    for (let i = 0; i < names.length; i++) {
      const key = first ? keys[i] : nextKeys[i];
      if (key === undefined || !skipLiteral(cursor, key)) {
        if (required[i]) return DECLINED;
        continue; // absent, which the contract allows
      }
      const kind = kinds[i];
      const value = kind === STRING_FIELD ? plainString(cursor)
        : kind === INTEGER_FIELD ? readInteger(cursor, mins[i] as number, maxes[i] as number) : (parsers[i] as TypedParser)(cursor);
      if (value === DECLINED) return DECLINED;
      object[names[i] as string] = value;
      first = false;
    }
    if (cursor.bytes[cursor.at] !== 125 /* } */) return DECLINED;
    cursor.at++;
    return object;
  };
}

/**
 * The same parser as {@link objectParser} (the same texts taken, the same values, the same property
 * order), compiled to a function of its own: the keys compared as constants, the properties read into
 * locals and the record made by one object literal of its shape. The engine then reads a record about
 * three times as fast as through the interpreted loop, whose every step looks up what comes next.
 * Built only from the contract's names (quoted by JSON.stringify) and numbers, never from received
 * text. Undefined where a name is not ASCII (the interpreted parser then declines such records).
 */
function compiledObjectParser(codec: Extract<Codec, { readonly fields: unknown }>, exactDigits: boolean): TypedParser | undefined {
  const names = Object.keys(codec.fields);
  const tagValues = Object.entries(codec.tags ?? {});
  const texts = [...names, ...tagValues.flat()];
  if (!texts.every((text) => /^[\x00-\x7f]*$/.test(JSON.stringify(text)))) return undefined;
  const optional = new Set([...(codec.optional ?? []), ...(codec.outputOnly ?? [])]);
  const parsers = names.map((name) => parserOf(codec.fields[name] as Codec, exactDigits, true));
  const allRequired = tagValues.length === 0 && names.every((name) => !optional.has(name));
  const code = ["const b = c.bytes, v = c.view;", "if (b[c.at] !== 123) return D;", "c.at++;"];
  // Whether the next key is the first: known while every property before it is required or a tag.
  let first: "yes" | "no" | "unknown" = "yes";
  const key = (text: string) => first === "yes" ? match(text) : first === "no" ? match(`,${text}`)
    : `(f ? ${match(text)} : ${match(`,${text}`)})`;
  if (!allRequired) code.push("const o = {};");
  for (const [property, tag] of tagValues) {
    code.push(`if (!${key(`${JSON.stringify(property)}:${JSON.stringify(tag)}`)}) return D;`,
      `o[${JSON.stringify(property)}] = ${JSON.stringify(tag)};`);
    first = "no";
  }
  names.forEach((name, i) => {
    const field = codec.fields[name];
    const kind = fieldKind(field);
    const range = INTEGER_RANGES[field as string];
    const read = kind === STRING_FIELD ? "s(c)" : kind === INTEGER_FIELD ? `n(c, ${range?.min}, ${range?.max})` : `p[${i}](c)`;
    const store = allRequired ? "" : ` o[${JSON.stringify(name)}] = x${i};`;
    if (optional.has(name)) {
      code.push(`if (${key(`${JSON.stringify(name)}:`)}) { const x${i} = ${read}; if (x${i} === D) return D;${store}`
        + `${first === "no" ? "" : " f = false;"} }`);
      if (first === "yes") {
        code.unshift("let f = true;");
        first = "unknown";
      }
    } else {
      code.push(`if (!${key(`${JSON.stringify(name)}:`)}) return D;`, `const x${i} = ${read};`, `if (x${i} === D) return D;${store}`);
      first = "no";
    }
  });
  code.push("if (b[c.at] !== 125) return D;", "c.at++;");
  code.push(allRequired ? `return { ${names.map((name, i) => `${JSON.stringify(name)}: x${i}`).join(", ")} };` : "return o;");
  try {
    return new Function("D", "s", "n", "p", `return (c) => {\n${code.join("\n")}\n};`)(
      DECLINED, plainString, readInteger, parsers) as TypedParser;
  } catch {
    return undefined; // forbidden after all: the interpreted parser
  }
}

/**
 * Code that moves `c.at` past the ASCII `text` if it comes next and tells whether it did: the text
 * compared as 32-bit words, then its last bytes, as constants.
 */
function match(text: string): string {
  const bytes = Array.from(text, (character) => character.charCodeAt(0));
  const tests = [`c.at + ${bytes.length} <= b.length`];
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) {
    const word = ((bytes[i] as number) | (bytes[i + 1] as number) << 8 | (bytes[i + 2] as number) << 16
      | (bytes[i + 3] as number) << 24);
    tests.push(`v.getInt32(c.at + ${i}, true) === ${word}`);
  }
  for (; i < bytes.length; i++) tests.push(`b[c.at + ${i}] === ${bytes[i]}`);
  return `(${tests.join(" && ")} && (c.at += ${bytes.length}, true))`;
}

/** The literal of an ASCII text, or undefined (a text that can then never be taken). */
function asciiLiteral(text: string): Literal | undefined {
  return /^[\x00-\x7f]*$/.test(text) ? new Literal(text) : undefined;
}

/** How a field is read: inline as a string or as an integer in its kind's range, or through its parser. */
const PARSED_FIELD = 0;
const STRING_FIELD = 1;
const INTEGER_FIELD = 2;

function fieldKind(codec: Codec | undefined): number {
  if (codec === "string") return STRING_FIELD;
  return typeof codec === "string" && INTEGER_RANGES[codec] !== undefined ? INTEGER_FIELD : PARSED_FIELD;
}

const NULL = new Literal("null");
const TRUE = new Literal("true");
const FALSE = new Literal("false");

function isNull(cursor: JsonCursor): boolean {
  return skipLiteral(cursor, NULL);
}

/**
 * A string of ASCII without escapes, as it is: a backslash, a control character (which JSON.parse
 * refuses) or a byte beyond ASCII declines it.
 */
function plainString(cursor: JsonCursor): string | typeof DECLINED {
  const bytes = cursor.bytes;
  let at = cursor.at;
  if (bytes[at] !== QUOTE) return DECLINED;
  const start = ++at;
  for (;;) {
    const byte = bytes[at] as number;
    if (byte === QUOTE) break;
    // A backslash, a control character, a byte beyond ASCII, or the end of the bytes (undefined)
    if (byte === 92 || !(byte >= 32 && byte < 128)) return DECLINED;
    at++;
  }
  cursor.at = at + 1;
  return cursor.text.slice(start, at);
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
  const bytes = cursor.bytes;
  let at = cursor.at;
  // Past the end of the bytes a load is undefined, which is no digit and no sign.
  let byte = bytes[at] as number;
  const negative = byte === 45; /* - */
  if (negative) byte = bytes[++at] as number;
  const start = at;
  let value = 0;
  if (byte === 48 /* 0 */) {
    byte = bytes[++at] as number;
    if (negative) return DECLINED;
  } else {
    while (byte >= 48 && byte <= 57) {
      value = value * 10 + (byte - 48);
      byte = bytes[++at] as number;
    }
    if (at === start || at - start > 16) return DECLINED;
  }
  if (byte === 46 || byte === 101 || byte === 69 || (byte >= 48 && byte <= 57)) return DECLINED; // . e E, or 0 then digits
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
    const bytes = cursor.bytes;
    const start = cursor.at;
    let at = start;
    if (bytes[at] === 45) at++;
    const digits = at;
    at = skipDigits(bytes, at);
    if (at === digits || (bytes[digits] === 48 && at > digits + 1)) return DECLINED;
    if (bytes[at] === 46) {
      const fraction = ++at;
      at = skipDigits(bytes, at);
      if (at === fraction) return DECLINED;
    }
    const e = bytes[at];
    if (e === 101 || e === 69) {
      const sign = bytes[++at];
      if (sign === 43 || sign === 45) at++;
      const exponent = at;
      at = skipDigits(bytes, at);
      if (at === exponent) return DECLINED;
    }
    const value = Number(cursor.text.slice(start, at));
    if (!(Math.abs(value) <= limit)) return DECLINED;
    cursor.at = at;
    return value;
  };
}

function skipDigits(bytes: Uint8Array, at: number): number {
  let byte = bytes[at] as number;
  while (byte >= 48 && byte <= 57) byte = bytes[++at] as number;
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
    if (skipLiteral(cursor, TRUE)) return true;
    if (skipLiteral(cursor, FALSE)) return false;
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
