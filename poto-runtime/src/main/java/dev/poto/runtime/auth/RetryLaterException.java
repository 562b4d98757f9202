package dev.poto.runtime.auth;

import dev.poto.protocol.RpcException;
import java.time.Duration;

/** An answer that tells the caller when to try again: sent with {@code Retry-After} (whole seconds). */
public final class RetryLaterException extends RpcException {
  private final Duration retryAfter;

  public RetryLaterException(int status, String code, String message, Duration retryAfter) {
    super(status, code, message);
    this.retryAfter = retryAfter;
  }

  /** The {@code Retry-After} value: whole seconds, rounded up, at least 1. */
  public long retryAfterSeconds() {
    long millis = retryAfter.toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
