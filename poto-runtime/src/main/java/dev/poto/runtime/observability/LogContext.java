package dev.poto.runtime.observability;

import org.slf4j.MDC;

/**
 * The SLF4J MDC keys Poto sets on a call's thread while it runs, so application log lines carry
 * them ({@code %X{poto.requestId}} in a Logback pattern). The MDC is only a copy for logging: the
 * call's state lives in its ScopedValue context, and the keys are removed before the thread moves on.
 */
public final class LogContext {
  public static final String REQUEST_ID = "poto.requestId";
  public static final String USER_ID = "poto.userId";

  private LogContext() {}

  static void enter(String requestId) {
    MDC.put(REQUEST_ID, requestId);
  }

  /** Longest user id a log line repeats. */
  static final int USER_ID_LIMIT = 128;

  static void user(String userId) {
    if (userId != null) {
      MDC.put(USER_ID, userId(userId));
    }
  }

  /**
   * A user id as log lines show it. Most ids are the server's own ({@code visitor_...}), but an identity
   * provider's claim can hold anything its users chose: line breaks, spaces and {@code =} would let one
   * forge a line or a {@code key=value} pair, so every character but a letter, a digit or printable ASCII
   * punctuation other than {@code =} shows as {@code ?}, and the id is cut to {@value #USER_ID_LIMIT}.
   */
  public static String userId(String userId) {
    StringBuilder out = new StringBuilder(Math.min(userId.length(), USER_ID_LIMIT + 1));
    for (int i = 0; i < userId.length() && i < USER_ID_LIMIT; i++) {
      char c = userId.charAt(i);
      boolean plain = c > 0x20 && c < 0x7f ? c != '=' : Character.isLetterOrDigit(c);
      out.append(plain ? c : '?');
    }
    return userId.length() > USER_ID_LIMIT ? out.append('…').toString() : out.toString();
  }

  static void leave() {
    MDC.remove(REQUEST_ID);
    MDC.remove(USER_ID);
  }
}
