// Declared errors (docs/PROTOCOL.md §2a): a problem whose code the call's method declares becomes a
// PotoError with the error's fields, decoded by their codecs, as own properties.

import { type DeclaredErrorCodec, parseJsonExactly } from "./poto-codecs.js";
import { decodeValue } from "./poto-readers.js";
import { PotoError, type ProblemReader } from "./poto-errors.js";

/** The call an answer belongs to, with its declared errors by code. */
export interface DeclaringCall {
  readonly module: string;
  readonly method: string;
  readonly errors: { readonly [code: string]: DeclaredErrorCodec };
}

/** Which call declared an error, for {@link declaredError}; kept off the error object itself. */
const declaredBy = new WeakMap<PotoError, string>();

/**
 * `error` if it is one of the errors `module`.`method` declares, as the call decoded it (with its
 * fields), else undefined. The generated clients' static `errorOf` types the result.
 */
export function declaredError(error: unknown, module: string, method: string): PotoError | undefined {
  return error instanceof PotoError && declaredBy.get(error) === `${module}/${method}` ? error : undefined;
}

/** Reads the problems of `call`: every digit kept (a field may be a bigint), declared codes decoded. */
export function declaredErrorReader(call: DeclaringCall): ProblemReader {
  return {
    parse: parseJsonExactly,
    decode: (value, problem) => {
      const declared = Object.hasOwn(call.errors, problem.code) ? call.errors[problem.code] : undefined;
      return declared === undefined ? problem : withFields(problem, value, declared, call);
    },
  };
}

/**
 * The declared error: `problem` with each field decoded by its codec as an own property. A declared
 * code with another status, a missing field or a null one that is not optional, or a field of the
 * wrong shape is `invalid_response`, never an error with missing values.
 */
function withFields(problem: PotoError, value: unknown, declared: DeclaredErrorCodec, call: DeclaringCall): PotoError {
  const where = `the declared error ${problem.code} of ${call.module}/${call.method}`;
  const invalid = (why: string, cause?: unknown) =>
    new PotoError(0, "invalid_response", `${where} ${why}`, problem.requestId, { cause: cause ?? problem });
  if (problem.status !== declared.status) {
    return invalid(`came with status ${problem.status} instead of ${declared.status}`);
  }
  const members = value as Record<string, unknown>;
  for (const [name, codec] of Object.entries(declared.fields)) {
    const raw = Object.hasOwn(members, name) ? members[name] : undefined;
    if ((raw === undefined || raw === null) && !(declared.optional ?? []).includes(name)) {
      return invalid(`lacks its field '${name}'` + (raw === null ? " (null)" : ""));
    }
    let field: unknown;
    try {
      field = raw === undefined || raw === null ? null : decodeValue(codec, raw, problem.requestId, `${problem.code}.${name}`);
    } catch (error) {
      return invalid(`could not be read: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    const renamed = declared.renamed;
    const property = renamed !== undefined && Object.hasOwn(renamed, name) ? renamed[name]! : name;
    Object.defineProperty(problem, property, { value: field, enumerable: true });
  }
  declaredBy.set(problem, `${call.module}/${call.method}`);
  return problem;
}
