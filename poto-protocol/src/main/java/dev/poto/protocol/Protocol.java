package dev.poto.protocol;

/** Constants of the wire contract documented in docs/PROTOCOL.md. */
public final class Protocol {
  private Protocol() {}

  public static final String DEFAULT_PREFIX = "/poto";
  public static final String AUTH_VISITOR_PATH = "/_auth/visitor";
  public static final String AUTH_LOGIN_PATH = "/_auth/login";
  public static final String AUTH_REFRESH_PATH = "/_auth/refresh";
  public static final String AUTH_LOGOUT_PATH = "/_auth/logout";

  public static final String JSON = "application/json";
  public static final String EVENT_STREAM = "text/event-stream";
  public static final String OCTET_STREAM = "application/octet-stream";

  public static final String AUTHORIZATION = "Authorization";
  public static final String BEARER = "Bearer ";
  /** Echoed on every answer; also accepted from the caller when it is a safe token. */
  public static final String REQUEST_ID_HEADER = "Poto-Request-Id";
  /** A relative deadline for the call, in milliseconds. */
  public static final String TIMEOUT_HEADER = "Poto-Timeout-Ms";
  /** An upload call's other arguments: their JSON object, in ASCII (docs/PROTOCOL.md §1a). */
  public static final String ARGS_HEADER = "Poto-Args";
  /** An upload's file name, percent-encoded UTF-8 (docs/PROTOCOL.md §1a). */
  public static final String UPLOAD_NAME_HEADER = "Poto-Upload-Name";

  /** The route of shared stream connections: {@code POST {prefix}/_streams} opens one. */
  public static final String STREAMS_ROUTE = "_streams";
  /** {@code POST {prefix}/_streams/cancel} cancels one stream of a shared connection. */
  public static final String STREAMS_CANCEL = "cancel";
  /** On a stream call: the shared connection its frames should travel on instead of its own answer. */
  public static final String STREAM_CONNECTION_HEADER = "Poto-Stream-Connection";
  /** On a stream call with {@link #STREAM_CONNECTION_HEADER}: the caller's id for the stream (a safe id). */
  public static final String STREAM_ID_HEADER = "Poto-Stream-Id";

  public static final String VISITOR_ROLE = "visitor";

  /**
   * The deepest JSON nesting (objects and arrays, the body's own object included) either end reads or
   * writes. Deeper values are rejected with {@code invalid_argument} (a result: {@code internal_error}),
   * never decoded by recursion deep enough to exhaust a thread's stack.
   */
  public static final int MAX_NESTING_DEPTH = 256;

  /**
   * The most digits a {@code BigDecimal} or {@code BigInteger} may have, and the largest decimal
   * exponent (|scale|) of a {@code BigDecimal}: bounds the work a caller can cause with a short text
   * such as {@code "1e999999999"}. Also the longest JSON number either end reads.
   */
  public static final int MAX_NUMBER_DIGITS = 1000;

  /** The longest module route. */
  public static final int MAX_ROUTE_LENGTH = 64;

  /** The rule a module route follows, for messages: {@link #isValidRoute} checks it. */
  public static final String ROUTE_RULE =
      "1 to 64 ASCII letters, digits, '_' or '-', starting with a letter or digit"
          + " ('_' first is reserved for Poto's own endpoints such as _auth)";

  /**
   * Whether {@code route} may name a module: the one rule the processor validates, the runtime checks
   * at registration and the TypeScript generator relies on. It is a single safe path segment and file name.
   */
  public static boolean isValidRoute(String route) {
    int length = route == null ? 0 : route.length();
    if (length == 0 || length > MAX_ROUTE_LENGTH || !isLetterOrDigit(route.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = route.charAt(i);
      if (!isLetterOrDigit(c) && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** The longest request id a caller may send. */
  public static final int MAX_REQUEST_ID_LENGTH = 64;

  /**
   * The largest event-stream frame a client reads by default (16 MiB, all lines and line endings);
   * a larger one fails the stream with {@code frame_too_large}. The TypeScript runtime uses the same.
   */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /**
   * Whether a caller's request id is acceptable: 1 to 64 characters of {@code [A-Za-z0-9._-]}, so it is
   * safe to echo in a header and in logs. Checked without a regex: the server runs it on every call.
   */
  public static boolean isSafeRequestId(String id) {
    int length = id.length();
    if (length == 0 || length > MAX_REQUEST_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!safe) {
        return false;
      }
    }
    return true;
  }
}
