// Errors: every failure of a call is a PotoError; a problem+json answer (RFC 9457) becomes one here.

/**
 * Every failure of a call: a problem+json answer from the server (`status`, `code` as sent), or a
 * client-side one with status 0 (`transport_error`, `stream_broken`, `invalid_response`,
 * `invalid_argument`), 499 (`cancelled`) or 504 (`deadline_exceeded`).
 */
export class PotoError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, requestId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PotoError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/**
 * How a call with declared errors reads a problem: `parse` the body (keeping every digit), and
 * `decode` the problem into the declared error when its code is one.
 */
export interface ProblemReader {
  parse(text: string): unknown;
  decode(value: unknown, problem: PotoError): PotoError;
}

export async function readProblem(
  response: Response, requestId: string | undefined, reader?: ProblemReader,
): Promise<PotoError> {
  const type = response.headers.get("Content-Type") ?? "";
  const text = await response.text();
  if (type.includes("json")) {
    let value: unknown;
    try {
      value = reader === undefined ? JSON.parse(text) : reader.parse(text);
    } catch {
      value = undefined; // not JSON after all: fall through to the generic answer
    }
    if (value !== undefined) {
      const problem = problemFrom(value, response.status, requestId);
      return reader === undefined ? problem : reader.decode(value, problem);
    }
  }
  return new PotoError(response.status, "unexpected_response", `HTTP ${response.status} without a problem body`, requestId);
}

export function problemFrom(value: unknown, status: number, requestId: string | undefined): PotoError {
  const problem = (value ?? {}) as { status?: unknown; code?: unknown; detail?: unknown; title?: unknown; requestId?: unknown };
  const code = typeof problem.code === "string" ? problem.code : "unexpected_response";
  const message = typeof problem.detail === "string" ? problem.detail
    : typeof problem.title === "string" ? problem.title : code;
  return new PotoError(
    typeof problem.status === "number" ? problem.status : status,
    code,
    message,
    typeof problem.requestId === "string" ? problem.requestId : requestId,
  );
}
