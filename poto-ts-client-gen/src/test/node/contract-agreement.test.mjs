// One source: the generated TS declarations (types.d.ts) and the codecs the runtime checks answers with
// (codecs.js) are both rendered from one model, so for every declared type they must say the same thing:
// the same properties in the same order, the same optional and output-only ones, the same enum constants
// and union tags, and at every position a check whose TS type is the declared one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { RUNTIME } from "./support.mjs";

const golden = new URL("../resources/golden/shop/", import.meta.url);
const declarations = await readFile(new URL("types.d.ts", golden), "utf8");
const codecs = await import(pathToFileURL(fileURLToPath(new URL("codecs.js", golden))));
const { SCALAR_CODECS } = await import(RUNTIME);

/** The TS type of each scalar check (docs/TYPES.md, the kinds table). */
const SCALAR_TS = {
  boolean: "boolean", byte: "number", short: "number", int: "number", long: "number", bigint: "bigint",
  float: "number", double: "number", char: "string", string: "string", decimal: "string", integer: "string",
  uuid: "string", date: "Date", instant: "string", offsetDateTime: "string", zonedDateTime: "string",
  localDateTime: "string", localDate: "string", localTime: "string", duration: "string", period: "string",
  year: "string", yearMonth: "string", zoneId: "string", bytes: "Uint8Array", json: "JsonValue",
  jsonObject: "JsonObject", jsonArray: "JsonValue[]",
};

const named = new Map(Object.entries(codecs).filter(([, c]) => typeof c !== "function").map(([name, c]) => [c, name.replace(/\$codec$/, "")]));
const generic = Object.entries(codecs).filter(([, c]) => typeof c === "function");

function resolve(codec) {
  return codec !== null && typeof codec === "object" && "ref" in codec ? resolve(codec.ref()) : codec;
}

/** Binds the placeholders of a generic codec's template to what `actual` holds at their places. */
function match(template, actual, bindings, depth = 0) {
  if (typeof template === "string" && template.startsWith("$")) {
    bindings[template] = actual;
    return true;
  }
  const t = resolve(template);
  const a = resolve(actual);
  if (t === a) return true;
  if (typeof t !== "object" || typeof a !== "object" || t === null || a === null || depth > 8) return false;
  const keys = Object.keys(t);
  return keys.length === Object.keys(a).length
    && keys.every((key) => key in a && match(t[key], a[key], bindings, depth + 1));
}

/** The TS type a codec checks for, written as the declarations write it. */
function typeOf(codec) {
  if (typeof codec === "string") {
    if (codec.startsWith("$")) return codec.slice(1);
    assert.ok(codec in SCALAR_TS, `the runtime knows the scalar "${codec}"`);
    return SCALAR_TS[codec];
  }
  const c = resolve(codec);
  if (named.has(c)) return named.get(c);
  if ("nullable" in c) return `${typeOf(c.nullable)} | null`;
  if ("array" in c) {
    const element = typeOf(c.array);
    return element.includes("|") ? `(${element})[]` : `${element}[]`;
  }
  if ("map" in c) {
    const key = c.key === undefined ? undefined : resolve(c.key);
    return key !== undefined && typeof key === "object" && "enum" in key
      ? `Partial<Record<${typeOf(key)}, ${typeOf(c.map)}>>` : `Record<string, ${typeOf(c.map)}>`;
  }
  for (const [name, factory] of generic) {
    const parameters = Array.from({ length: factory.length }, (_, i) => `$${i}`);
    const bindings = {};
    if (match(factory(...parameters), c, bindings)) {
      return `${name.replace(/\$codec$/, "")}<${parameters.map((p) => typeOf(bindings[p])).join(", ")}>`;
    }
  }
  assert.fail(`no declared type has the codec ${JSON.stringify(c)}`);
}

/** The declarations of types.d.ts: interfaces with their property lines, and type aliases. */
function parseDeclarations() {
  const interfaces = new Map();
  for (const m of declarations.matchAll(/^export interface (\w+)(?:<([^>]+)>)? \{\n([\s\S]*?)^\}/gm)) {
    const properties = [...m[3].matchAll(/^ {2}(readonly )?("(?:[^"\\]|\\.)*"|[\w$]+)(\?)?: (.*);$/gm)].map((p) => ({
      readonly: p[1] !== undefined, name: p[2].startsWith('"') ? JSON.parse(p[2]) : p[2], optional: p[3] !== undefined, type: p[4],
    }));
    interfaces.set(m[1], { parameters: m[2]?.split(", ") ?? [], properties });
  }
  const aliases = new Map([...declarations.matchAll(/^export type (\w+) = (.*);$/gm)].map((m) => [m[1], m[2]]));
  return { interfaces, aliases };
}

test("every interface and its codec list the same properties, optional and output-only alike, with agreeing types", () => {
  const { interfaces } = parseDeclarations();
  assert.ok(interfaces.size >= 10, "the fixture declares interfaces");
  for (const [name, face] of interfaces) {
    const factory = codecs[`${name}$codec`];
    assert.ok(factory !== undefined, `${name} has a codec`);
    const codec = face.parameters.length === 0 ? factory : factory(...face.parameters.map((p) => `$${p}`));
    const tags = Object.keys(codec.tags ?? {});
    assert.deepEqual(face.properties.map((p) => p.name), [...tags, ...Object.keys(codec.fields)], `${name}: properties`);
    for (const property of face.properties) {
      if (tags.includes(property.name)) {
        assert.equal(property.type, JSON.stringify(codec.tags[property.name]), `${name}.${property.name}: tag`);
        continue;
      }
      const outputOnly = (codec.outputOnly ?? []).includes(property.name);
      assert.equal(property.readonly, outputOnly, `${name}.${property.name}: output-only`);
      assert.equal(property.optional, outputOnly || (codec.optional ?? []).includes(property.name), `${name}.${property.name}: optional`);
      assert.equal(typeOf(codec.fields[property.name]), property.type, `${name}.${property.name}: type`);
    }
  }
});

test("every enum and union and its codec name the same constants and variants", () => {
  const { aliases } = parseDeclarations();
  assert.ok(aliases.size >= 2, "the fixture declares enums and unions");
  for (const [name, type] of aliases) {
    const codec = codecs[`${name}$codec`];
    if ("enum" in codec) {
      assert.equal(codec.enum.map((constant) => JSON.stringify(constant)).join(" | "), type, `${name}: constants`);
    } else {
      assert.equal(Object.values(codec.cases).map(typeOf).join(" | "), type, `${name}: variants`);
      for (const [tag, variant] of Object.entries(codec.cases)) {
        assert.equal(resolve(variant).tags[codec.union], tag, `${name}: the variant of ${tag} carries it`);
      }
    }
  }
});

test("the generator names only scalar checks the runtime has, and the fixture uses every one", () => {
  assert.deepEqual([...SCALAR_CODECS].sort(), Object.keys(SCALAR_TS).sort());
  const used = new Set();
  const seen = new Set();
  const collect = (codec) => {
    if (typeof codec === "string") return void used.add(codec);
    const c = resolve(codec);
    if (c === undefined || seen.has(c)) return;
    seen.add(c);
    for (const inner of [c.nullable, c.array, c.map, c.key, ...Object.values(c.fields ?? {}), ...Object.values(c.cases ?? {})]) {
      if (inner !== undefined) collect(inner);
    }
  };
  collect(codecs.Everything$codec);
  assert.deepEqual([...used].sort(), [...SCALAR_CODECS].sort(), "Everything has a position of every kind");
});
