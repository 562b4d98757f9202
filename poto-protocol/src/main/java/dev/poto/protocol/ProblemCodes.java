package dev.poto.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The stable {@code code} values of Poto's problem+json answers. Clients branch on these, never on
 * the human-readable text. User code may define its own codes through {@link RpcException}, and
 * declares the errors its methods raise with {@code @RpcError} ({@link DomainException}).
 */
public final class ProblemCodes {
  private ProblemCodes() {}

  /** What a declared error's code may be: snake case, so every client can branch on it as written. */
  public static final String DECLARED_CODE_RULE =
      "1 to 64 lower-case ASCII letters, digits and '_', starting with a letter";

  private static final Pattern DECLARED_CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** The prefix of the codes a client makes up for an error answer that is not a problem document. */
  public static final String HTTP_STATUS_PREFIX = "http_";

  public static final String UNKNOWN_MODULE = "unknown_module"; // 404
  public static final String UNKNOWN_METHOD = "unknown_method"; // 404
  public static final String UNKNOWN_FILE = "unknown_file"; // 404: no such generated client file under _client/
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed"; // 405
  public static final String MALFORMED_JSON = "malformed_json"; // 400
  public static final String MISSING_ARGUMENT = "missing_argument"; // 400
  public static final String UNKNOWN_ARGUMENT = "unknown_argument"; // 400
  public static final String NULL_ARGUMENT = "null_argument"; // 400: null for a primitive or non-null parameter
  public static final String INVALID_ARGUMENT = "invalid_argument"; // 400: a value of the wrong shape
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large"; // 413
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"; // 415
  public static final String UNAUTHENTICATED = "unauthenticated"; // 401: no token where one is needed
  public static final String INVALID_TOKEN = "invalid_token"; // 401: bad signature, alg none, wrong issuer, malformed
  public static final String TOKEN_EXPIRED = "token_expired"; // 401
  public static final String UNKNOWN_KEY = "unknown_key"; // 401: the token's signing key cannot be found
  public static final String INVALID_CREDENTIALS = "invalid_credentials"; // 401: login failed
  public static final String INVALID_REFRESH_TOKEN = "invalid_refresh_token"; // 401: unknown, expired, revoked or reused refresh token
  public static final String TOO_MANY_REQUESTS = "too_many_requests"; // 429: login or visitor limit reached (Retry-After)
  public static final String SERVER_BUSY = "server_busy"; // 503: no password check could start in time (Retry-After)
  public static final String FORBIDDEN = "forbidden"; // 403: lacks a required role
  public static final String INTERNAL_ERROR = "internal_error"; // 500
  public static final String DEADLINE_EXCEEDED = "deadline_exceeded"; // 504
  public static final String CANCELLED = "cancelled"; // 499: the caller went away
  public static final String SESSION_UNAVAILABLE = "session_unavailable"; // 503: the session store is down
  public static final String SESSION_CONFLICT = "session_conflict"; // 409: a session update kept meeting concurrent writes of its key
  public static final String SHUTTING_DOWN = "shutting_down"; // 503: the server is stopping: it ended an open stream, or cut a call off after the drain time; call again
  public static final String SESSION_TOO_LARGE = "session_too_large"; // 413: the cookie session would exceed the browser limit
  public static final String UNKNOWN_CONNECTION = "unknown_connection"; // 404: no open shared stream connection with that id
  public static final String TOO_MANY_STREAMS = "too_many_streams"; // 429: the shared stream connection is full
  public static final String TOO_MANY_CONNECTIONS = "too_many_connections"; // 429: the user holds the maximum of stream connections
  public static final String BAD_REQUEST = "bad_request"; // 400: malformed HTTP (request line, header, path encoding)
  public static final String URI_TOO_LONG = "uri_too_long"; // 414
  public static final String HEADERS_TOO_LARGE = "headers_too_large"; // 431
  public static final String HTTP_ERROR = "http_error"; // any other status the HTTP layer answers by itself
  public static final String INVALID_RESPONSE = "invalid_response"; // client side: an answer the client cannot decode (502)
  public static final String FRAME_TOO_LARGE = "frame_too_large"; // client side: an event-stream frame over the client's maximum (502)
  public static final String STREAM_BROKEN = "stream_broken"; // client side: connection lost before the end event
  public static final String TRANSPORT_ERROR = "transport_error"; // client side: no HTTP answer at all
  public static final String UNEXPECTED_RESPONSE = "unexpected_response"; // client side: an error answer that is no problem (its HTTP status kept)

  /** Every code above: Poto's own, which no declared error may reuse. */
  public static final Set<String> RESERVED = reserved();

  /** Whether {@code code} follows {@link #DECLARED_CODE_RULE}. */
  public static boolean isValidDeclaredCode(String code) {
    return code != null && DECLARED_CODE.matcher(code).matches();
  }

  /** Whether a declared error would be mistaken for one of Poto's answers. */
  public static boolean isReserved(String code) {
    return RESERVED.contains(code) || code.startsWith(HTTP_STATUS_PREFIX);
  }

  private static Set<String> reserved() {
    Set<String> codes = new TreeSet<>();
    for (Field field : ProblemCodes.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers) && Modifier.isPublic(modifiers) && field.getType() == String.class
          && !field.getName().equals("DECLARED_CODE_RULE") && !field.getName().equals("HTTP_STATUS_PREFIX")) {
        try {
          codes.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return Set.copyOf(codes);
  }
}
