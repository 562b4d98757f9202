package dev.poto.tsgen.model;

/**
 * The leaf types of the mapping. {@code codec} names the runtime conversion applied at this position
 * when decoding answers and encoding arguments ({@code null}: the JSON value is used as it is).
 */
public enum TsScalar {
  BOOLEAN("boolean", null),
  NUMBER("number", null),
  /** Java {@code long}: a TS number, checked to be a safe integer in both directions. */
  LONG("number", "long"),
  STRING("string", null),
  /** {@code Instant}, {@code OffsetDateTime}: a point in time, ISO-8601 with offset on the wire. */
  INSTANT("Date", "instant"),
  /** {@code LocalDateTime}: wall-clock fields, ISO-8601 without offset on the wire. */
  LOCAL_DATE_TIME("Date", "local"),
  /** {@code byte[]}: base64 on the wire. */
  BYTES("Uint8Array", "bytes");

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
}
