package dev.poto.contract;

import java.util.List;
import java.util.Locale;

/**
 * Every leaf value kind the wire carries, with the Java types that have it: the one place a new leaf
 * type is added. Each kind has exactly one JSON form (Jackson with Poto's settings, see docs/TYPES.md,
 * which lists every kind), one name in the contract file ({@link #contractName()}, docs/CONTRACT.md) and
 * says whether Jackson writes it exactly as a JSON object key. The processor's validation, the contract
 * file, its OpenAPI schemas and the TypeScript client all switch over this enum exhaustively, so a new
 * kind does not compile until each of them has a form for it.
 */
public enum ScalarKind {
  BOOLEAN(true, "boolean", "java.lang.Boolean"),
  BYTE(true, "byte", "java.lang.Byte"),
  SHORT(true, "short", "java.lang.Short"),
  INT(true, "int", "java.lang.Integer"),
  /** A 64-bit integer; a client without 64-bit numbers refuses values beyond ±(2^53 - 1). */
  LONG(true, "long", "java.lang.Long"),
  /** The same wire form as {@link #LONG}, chosen where the client must hold all 64 bits (TS bigint). */
  LONG_EXACT(true),
  FLOAT(false, "float", "java.lang.Float"),
  DOUBLE(false, "double", "java.lang.Double"),
  CHAR(true, "char", "java.lang.Character"),
  STRING(true, "java.lang.String"),
  BIG_DECIMAL(false, "java.math.BigDecimal"),
  BIG_INTEGER(false, "java.math.BigInteger"),
  UUID(true, "java.util.UUID"),
  /** {@code byte[]}, base64 in JSON. */
  BYTES(false),
  /** {@code java.util.Date}: milliseconds since the epoch, written as ISO-8601 with offset. */
  DATE(false, "java.util.Date"),
  INSTANT(false, "java.time.Instant"),
  OFFSET_DATE_TIME(false, "java.time.OffsetDateTime"),
  ZONED_DATE_TIME(false, "java.time.ZonedDateTime"),
  LOCAL_DATE_TIME(false, "java.time.LocalDateTime"),
  LOCAL_DATE(true, "java.time.LocalDate"),
  LOCAL_TIME(false, "java.time.LocalTime"),
  DURATION(false, "java.time.Duration"),
  PERIOD(false, "java.time.Period"),
  YEAR(false, "java.time.Year"),
  YEAR_MONTH(true, "java.time.YearMonth"),
  ZONE_ID(false, "java.time.ZoneId"),
  /** Jackson's {@code JsonNode}: any JSON value, passed through as it is. */
  JSON(false, "com.fasterxml.jackson.databind.JsonNode"),
  JSON_OBJECT(false, "com.fasterxml.jackson.databind.node.ObjectNode"),
  JSON_ARRAY(false, "com.fasterxml.jackson.databind.node.ArrayNode"),
  /**
   * {@code dev.poto.protocol.Upload}: not a JSON value but the request body itself, streamed
   * (docs/PROTOCOL.md §1a). Only a parameter's own type, at most one per method.
   */
  UPLOAD(false);

  private final boolean mapKey;
  private final List<String> javaNames;

  ScalarKind(boolean mapKey, String... javaNames) {
    this.mapKey = mapKey;
    this.javaNames = List.of(javaNames);
  }

  /** Whether Jackson writes and reads this kind exactly as a JSON object key (a Map key). */
  public boolean mapKey() {
    return mapKey;
  }

  /** The primitive and qualified class names of this kind (empty for kinds chosen by position). */
  public List<String> javaNames() {
    return javaNames;
  }

  /**
   * The kind's name in the contract file: its lower-case name. {@link #LONG_EXACT} only changes the
   * TypeScript client's type (bigint); on the wire, and so in the contract, it is a {@code long}.
   */
  public String contractName() {
    return (this == LONG_EXACT ? LONG : this).name().toLowerCase(Locale.ROOT);
  }

  /** The kind a contract file names, or null when it names none (a file from another Poto version). */
  public static ScalarKind forContractName(String name) {
    for (ScalarKind kind : values()) {
      if (kind != LONG_EXACT && kind.contractName().equals(name)) {
        return kind;
      }
    }
    return null;
  }

  /** Whether the value is a floating point number ({@code NaN}, {@code ±Infinity} travel as strings). */
  public boolean floating() {
    return this == FLOAT || this == DOUBLE;
  }
}
