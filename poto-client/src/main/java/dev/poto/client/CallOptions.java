package dev.poto.client;

import dev.poto.protocol.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call settings, applied through {@link PotoClient#withOptions(CallOptions)}.
 *
 * @param timeout the call's deadline, or null for the client's default. It is sent to the server as
 *     {@code Poto-Timeout-Ms} (so the server cancels the work when it passes) and also bounds the wait
 *     for the HTTP answer's headers on this side.
 * @param requestId a request id to send as {@code Poto-Request-Id}, or null to let the server pick one;
 *     it must match {@code [A-Za-z0-9._-]{1,64}}
 */
public record CallOptions(Duration timeout, String requestId) {
  /** No timeout of its own and no request id. */
  public static final CallOptions DEFAULTS = new CallOptions(null, null);

  public CallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (requestId != null && !Protocol.isSafeRequestId(requestId)) {
      throw new IllegalArgumentException("requestId must match [A-Za-z0-9._-]{1,64}");
    }
  }

  public static CallOptions ofTimeout(Duration timeout) {
    return new CallOptions(Objects.requireNonNull(timeout, "timeout"), null);
  }

  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(timeout, requestId);
  }

  public CallOptions withRequestId(String requestId) {
    return new CallOptions(timeout, requestId);
  }

  /** The value of the {@code Poto-Timeout-Ms} header: whole milliseconds, at least 1. */
  long timeoutMillis() {
    return Math.max(1, timeout.toMillis());
  }
}
