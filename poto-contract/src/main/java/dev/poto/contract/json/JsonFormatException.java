package dev.poto.contract.json;

/** A contract file that is not valid JSON, or not a contract of a known format; the message says where. */
public final class JsonFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public JsonFormatException(String message) {
    super(message);
  }
}
