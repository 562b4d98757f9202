package dev.poto.runtime.guard;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import java.time.Instant;

/** Reads {@code Poto-Timeout-Ms}: a whole number of milliseconds, 1 to {@value #MAX_TIMEOUT_MS}. */
public final class Deadlines {
  /** 24 hours, as docs/PROTOCOL.md says; also keeps {@code now + timeout} far from overflow. */
  public static final long MAX_TIMEOUT_MS = 24L * 60 * 60 * 1000;

  private Deadlines() {}

  /** The deadline, or null when the header is absent. */
  public static Instant parse(String header, Instant now) {
    if (header == null) {
      return null;
    }
    String value = header.strip();
    long millis = value.isEmpty() || value.length() > 12 ? -1 : 0;
    for (int i = 0; i < value.length() && millis >= 0; i++) {
      char c = value.charAt(i);
      // ASCII digits only: Long.parseLong would also take a sign and other scripts' digits.
      millis = c >= '0' && c <= '9' ? millis * 10 + (c - '0') : -1;
    }
    if (millis < 1 || millis > MAX_TIMEOUT_MS) {
      throw new RpcException(
          400, ProblemCodes.INVALID_ARGUMENT,
          Protocol.TIMEOUT_HEADER + " must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS);
    }
    return now.plusMillis(millis);
  }
}
