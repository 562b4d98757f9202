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

  static void user(String userId) {
    if (userId != null) {
      MDC.put(USER_ID, userId);
    }
  }

  static void leave() {
    MDC.remove(REQUEST_ID);
    MDC.remove(USER_ID);
  }
}
