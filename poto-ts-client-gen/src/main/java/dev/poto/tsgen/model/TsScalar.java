package dev.poto.tsgen.model;

/**
 * The leaf types of the TypeScript client. {@code codec} names the runtime conversion applied at this
 * position when decoding answers and encoding arguments ({@code null}: the JSON value is used as it is).
 */
public enum TsScalar {
  BOOLEAN("boolean", null),
  /** byte, short, int: always exact in a JS number. */
  NUMBER("number", null),
  /** float, double: {@code NaN} and {@code ±Infinity} are JSON strings, {@code -0} keeps its sign. */
  FLOAT("number", "float"),
  /** long: a TS number, checked to be a safe integer in both directions. */
  LONG("number", "long"),
  /** long where the client holds all 64 bits: a TS bigint, read from the JSON text digit by digit. */
  BIGINT("bigint", "bigint"),
  STRING("string", null),
  /** {@code java.util.Date}: a point in time in milliseconds, ISO-8601 with offset on the wire. */
  DATE("Date", "date"),
  /** {@code byte[]}: base64 on the wire. */
  BYTES("Uint8Array", "bytes"),
  /** Jackson's JsonNode: any JSON value; integers beyond ±(2^53 - 1) become bigints. */
  JSON("JsonValue", "json"),
  JSON_OBJECT("JsonObject", "json"),
  JSON_ARRAY("JsonValue[]", "json");

  private final String typeScript;
  private final String codec;

  TsScalar(String typeScript, String codec) {
    this.typeScript = typeScript;
    this.codec = codec;
  }

  public String typeScript() {
    return typeScript;
  }

  /** The runtime codec name, or {@code null} when no conversion is needed. */
  public String codec() {
    return codec;
  }

  /** The runtime type this scalar's TS type needs imported, or null. */
  public String runtimeType() {
    return switch (this) {
      case JSON, JSON_ARRAY -> "JsonValue";
      case JSON_OBJECT -> "JsonObject";
      default -> null;
    };
  }
}
