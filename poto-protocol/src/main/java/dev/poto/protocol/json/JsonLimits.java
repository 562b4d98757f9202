package dev.poto.protocol.json;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/** Recognises a failure caused by one of the protocol's JSON limits (nesting, number length). */
public final class JsonLimits {
  private JsonLimits() {}

  /**
   * Whether {@code failure} (or a cause) is a JSON limit being hit. Such a failure comes from deep
   * inside a value, so its stack trace is as deep as the value: log it as one line instead.
   */
  public static boolean exceeded(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }
}
