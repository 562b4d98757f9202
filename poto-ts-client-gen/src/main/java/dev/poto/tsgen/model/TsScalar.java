package dev.poto.tsgen.model;

import dev.poto.contract.ScalarKind;

/**
 * The leaf types of the TypeScript client. {@code codec} names the runtime conversion applied at this
 * position when decoding answers and encoding arguments ({@code null}: the JSON value is used as it is,
 * once checked against its {@link ScalarKind}).
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
  JSON_ARRAY("JsonValue[]", "json"),
  /** An upload: the request body, from a Blob, File, Uint8Array or ReadableStream (docs/PROTOCOL.md §1a). */
  UPLOAD("UploadSource", null);

  private final String typeScript;
  private final String codec;

  TsScalar(String typeScript, String codec) {
    this.typeScript = typeScript;
    this.codec = codec;
  }

  public String typeScript() {
    return typeScript;
  }

  /** The TS form of a wire scalar kind (the switch is exhaustive: a new kind needs a form to compile). */
  public static TsScalar of(ScalarKind kind) {
    return switch (kind) {
      case BOOLEAN -> BOOLEAN;
      case BYTE, SHORT, INT -> NUMBER;
      case FLOAT, DOUBLE -> FLOAT;
      case LONG -> LONG;
      case LONG_EXACT -> BIGINT;
      case CHAR, STRING, BIG_DECIMAL, BIG_INTEGER, UUID -> STRING;
      // A Date holds milliseconds in no zone: exact only for java.util.Date; the rest stay ISO strings.
      case INSTANT, OFFSET_DATE_TIME, ZONED_DATE_TIME, LOCAL_DATE_TIME, LOCAL_DATE, LOCAL_TIME, DURATION,
           PERIOD, YEAR, YEAR_MONTH, ZONE_ID -> STRING;
      case DATE -> DATE;
      case BYTES -> BYTES;
      case JSON -> JSON;
      case JSON_OBJECT -> JSON_OBJECT;
      case JSON_ARRAY -> JSON_ARRAY;
      case UPLOAD -> UPLOAD;
    };
  }

  /** Whether values of this type are converted between JSON and TS (else they are used as they are). */
  public String codec() {
    return codec;
  }

  /** The runtime type this scalar's TS type needs imported, or null. */
  public String runtimeType() {
    return switch (this) {
      case JSON, JSON_ARRAY -> "JsonValue";
      case JSON_OBJECT -> "JsonObject";
      case UPLOAD -> "UploadSource";
      default -> null;
    };
  }
}
