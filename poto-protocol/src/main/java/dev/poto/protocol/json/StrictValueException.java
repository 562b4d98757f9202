package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A value Poto's strict decoding refuses, with a message written for the caller (it is shown in the
 * problem detail as it is, after the value's path).
 */
public final class StrictValueException extends MismatchedInputException {
  private StrictValueException(JsonParser p, String message, Class<?> targetType) {
    super(p, message, targetType);
  }

  static StrictValueException of(JsonParser p, Class<?> targetType, String message) {
    return new StrictValueException(p, message, targetType);
  }
}
