package dev.poto.client;

import dev.poto.protocol.Protocol;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-call settings, applied through {@link PotoClient#withOptions(CallOptions)}.
 *
 * @param timeout the call's deadline, or null for the client's default. It is sent to the server as
 *     {@code Poto-Timeout-Ms} (so the server cancels the work when it passes) and also bounds the wait
 *     for the HTTP answer's headers on this side.
 * @param requestId a request id to send as {@code Poto-Request-Id}, or null to let the server pick one;
 *     it must match {@code [A-Za-z0-9._-]{1,64}}
 * @param headers extra request headers of these calls (names compared without case); they win over the
 *     builder's {@link PotoClient.Builder#headers}, and the protocol's own ({@link CallHeaders#RESERVED})
 *     cannot be set
 */
public record CallOptions(Duration timeout, String requestId, Map<String, String> headers) {
  /** No timeout of its own, no request id, no headers. */
  public static final CallOptions DEFAULTS = new CallOptions(null, null, Map.of());

  public CallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (requestId != null && !Protocol.isSafeRequestId(requestId)) {
      throw new IllegalArgumentException("requestId must match [A-Za-z0-9._-]{1,64}");
    }
    Map<String, String> checked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((name, value) -> {
      CallHeaders.checkName(name);
      if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("The value of header " + name + " is missing or has a line break");
      }
      checked.put(name, value);
    });
    headers = Collections.unmodifiableMap(checked);
  }

  public CallOptions(Duration timeout, String requestId) {
    this(timeout, requestId, Map.of());
  }

  public static CallOptions ofTimeout(Duration timeout) {
    return new CallOptions(Objects.requireNonNull(timeout, "timeout"), null);
  }

  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(timeout, requestId, headers);
  }

  public CallOptions withRequestId(String requestId) {
    return new CallOptions(timeout, requestId, headers);
  }

  /** These options with one more header (replacing one of the same name). */
  public CallOptions withHeader(String name, String value) {
    Map<String, String> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    more.putAll(headers);
    more.put(name, value);
    return new CallOptions(timeout, requestId, more);
  }

  /** The value of the {@code Poto-Timeout-Ms} header: whole milliseconds, at least 1. */
  long timeoutMillis() {
    return Math.max(1, timeout.toMillis());
  }
}
