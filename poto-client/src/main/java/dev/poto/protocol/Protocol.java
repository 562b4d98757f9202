package dev.poto.protocol;

/** Constants of the wire contract documented in docs/PROTOCOL.md. */
public final class Protocol {
  private Protocol() {}

  public static final String DEFAULT_PREFIX = "/poto";
  public static final String AUTH_VISITOR_PATH = "/_auth/visitor";
  public static final String AUTH_LOGIN_PATH = "/_auth/login";

  public static final String JSON = "application/json";
  public static final String EVENT_STREAM = "text/event-stream";
  public static final String OCTET_STREAM = "application/octet-stream";

  public static final String AUTHORIZATION = "Authorization";
  public static final String BEARER = "Bearer ";
  /** Echoed on every answer; also accepted from the caller when it is a safe token. */
  public static final String REQUEST_ID_HEADER = "Poto-Request-Id";
  /** A relative deadline for the call, in milliseconds. */
  public static final String TIMEOUT_HEADER = "Poto-Timeout-Ms";

  public static final String VISITOR_ROLE = "visitor";
}
