// Errors: every failure of a call is a PotoError; a problem+json answer (RFC 9457) becomes one here.

/**
 * The stable codes of Poto's problem answers and of the failures the client raises itself
 * (docs/PROTOCOL.md §2 and §5a; `ProblemCodes` in Java, which a test keeps equal to this list).
 */
export type ProblemCode =
  | "unknown_module" | "unknown_method" | "unknown_file" | "method_not_allowed" | "malformed_json"
  | "missing_argument" | "unknown_argument" | "null_argument" | "invalid_argument" | "payload_too_large"
  | "unsupported_media_type" | "unauthenticated" | "invalid_token" | "token_expired" | "unknown_key"
  | "invalid_credentials" | "invalid_refresh_token" | "too_many_requests" | "server_busy" | "forbidden"
  | "internal_error" | "deadline_exceeded" | "cancelled" | "session_unavailable" | "session_conflict"
  | "shutting_down" | "session_too_large" | "unknown_connection" | "too_many_streams" | "too_many_connections"
  | "bad_request" | "uri_too_long" | "headers_too_large" | "http_error" | "invalid_response" | "frame_too_large"
  | "stream_broken" | "transport_error" | "unexpected_response";

/** A problem code: one of Poto's own (suggested by editors), or one a module defines itself. */
export type PotoErrorCode = ProblemCode | (string & {});

/**
 * The statuses of the failures the client raises itself, the same as the Java client's
 * (docs/PROTOCOL.md §5a). `invalid_argument` is a call refused before anything was sent (status 0).
 */
export const CLIENT_FAILURE_STATUS = {
  transport_error: 503,
  deadline_exceeded: 504,
  stream_broken: 502,
  invalid_response: 502,
  frame_too_large: 502,
  cancelled: 499,
  invalid_argument: 0,
} as const;

/**
 * Every failure of a call: a problem+json answer from the server (`status`, `code` as sent); any other
 * error answer (`unexpected_response` with the HTTP status); or one the client raises itself, with the
 * status of {@link CLIENT_FAILURE_STATUS}.
 */
export class PotoError extends Error {
  readonly status: number;
  readonly code: PotoErrorCode;
  readonly requestId: string | undefined;

  constructor(status: number, code: PotoErrorCode, message: string, requestId?: string, options?: { cause?: unknown }) {
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

/** A failure the client raises itself, with its protocol status. */
export function clientFailure(
  code: keyof typeof CLIENT_FAILURE_STATUS, message: string, requestId?: string, options?: { cause?: unknown },
): PotoError {
  return new PotoError(CLIENT_FAILURE_STATUS[code], code, message, requestId, options);
}

/**
 * The PotoError of an error answer: its problem+json as sent; any other body is `unexpected_response`
 * with the HTTP status; a status that is no error status at all is `invalid_response`.
 */
export async function readProblem(
  response: Response, requestId: string | undefined, reader?: ProblemReader,
): Promise<PotoError> {
  const status = response.status;
  const text = await response.text();
  if (status < 400 || status > 599) {
    return clientFailure("invalid_response", `unexpected HTTP status ${status}`, requestId);
  }
  if ((response.headers.get("Content-Type") ?? "").toLowerCase().startsWith(PROBLEM_CONTENT_TYPE)) {
    let value: unknown;
    try {
      value = reader === undefined ? JSON.parse(text) : reader.parse(text);
    } catch {
      value = undefined; // not JSON after all: the generic answer below
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const problem = problemFrom(value, status, requestId);
      return reader === undefined ? problem : reader.decode(value, problem);
    }
  }
  const head = text.trim().slice(0, 200);
  return new PotoError(status, "unexpected_response", head === "" ? `HTTP ${status}` : `HTTP ${status}: ${head}`, requestId);
}

const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * A problem document (an error answer's body, or an error event of a stream) as a PotoError; its status
 * when it is an error status, else `fallbackStatus`.
 */
export function problemFrom(value: unknown, fallbackStatus: number, requestId: string | undefined): PotoError {
  const problem = (value ?? {}) as { status?: unknown; code?: unknown; detail?: unknown; title?: unknown; requestId?: unknown };
  const status = typeof problem.status === "number" && problem.status >= 400 && problem.status <= 599
    ? problem.status : fallbackStatus;
  const code = typeof problem.code === "string" ? problem.code : "unexpected_response";
  const message = typeof problem.detail === "string" ? problem.detail
    : typeof problem.title === "string" ? problem.title : `HTTP ${status}`;
  return new PotoError(status, code, message, typeof problem.requestId === "string" ? problem.requestId : requestId);
}
