package dev.poto.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.poto.protocol.PotoJson;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The direct record reader takes only the regular case, and hands everything else to the mapper; the
 * strict-decoding cases of {@link StrictJsonTest} run through both and must agree.
 */
class DirectRecordReaderTest {
  static final ObjectMapper JSON = PotoJson.newMapper();

  @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.TYPE_USE) @interface Nullable {}

  enum Suit { HEARTS, SPADES }

  record Point(int x, long y, boolean on, String label, @Nullable String note) {}

  record Mixed(Point at, @Nullable Point other, BigDecimal price, Instant when, Suit suit, Optional<String> maybe,
      Integer boxed, double ratio, byte tiny) {}

  record Link(int depth, @Nullable Link next) {}

  record WithList(String name, List<String> tags) {}

  record Renamed(@JsonProperty("n") String name) {}

  record HoldsList(WithList inner) {}

  record Pair(Link left, @Nullable Link right, Point point) {}

  /** Records which class called its constructor. */
  record Traced(int n, long big, boolean on, String text, @Nullable Integer boxed) {
    static final List<String> CALLERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    Traced {
      if (n < 0) {
        throw new IllegalArgumentException("n must not be negative");
      }
      CALLERS.add(StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES)
          .walk(frames -> frames.skip(1).findFirst().orElseThrow().getClassName()));
    }
  }

  /** Keys of every length around the eight bytes compared at once (a name and its closing quote). */
  record Keyed(int a, int bb, int cccccc, int ddddddd, int eeeeeeee, int ffffffffffffffffff) {}

  @Test
  void plainRecordsQualifyOthersStayWithTheMapper() {
    assertThat(direct(Point.class)).isNotNull();
    assertThat(direct(Mixed.class)).isNotNull();
    assertThat(direct(Link.class)).isNotNull();
    // An array inside, a Jackson annotation, a record holding such a record, a non-record: the mapper.
    assertThat(direct(WithList.class)).isNull();
    assertThat(direct(Renamed.class)).isNull();
    assertThat(direct(HoldsList.class)).isNull();
    assertThat(direct(String.class)).isNull();
    assertThat(direct(StrictJsonTest.Account.class)).isNull();
  }

  @Test
  void theRegularCaseIsReadDirectly() throws Exception {
    Point point = new Point(-2147483648, Long.MAX_VALUE, true, "é\u2028\ud800", null);
    assertThat(readDirectly(Point.class, written(point))).isEqualTo(point);
    Mixed mixed = new Mixed(point, new Point(1, 2, false, "", "n"), new BigDecimal("-0.10"),
        Instant.parse("2024-01-31T10:00:00.123456789Z"), Suit.SPADES, Optional.of("m"), 7, -0.0, (byte) -128);
    Object read = readDirectly(Mixed.class, written(mixed));
    assertThat(read).usingRecursiveComparison().isEqualTo(mixed);
    assertThat(Double.doubleToRawLongBits(((Mixed) read).ratio())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    // Keys in any order, blanks anywhere.
    assertThat(readDirectly(Point.class, " { \"note\" : \"n\" , \"label\":\"l\",\"on\":false,\"y\":-1,\"x\":0 } "))
        .isEqualTo(new Point(0, -1, false, "l", "n"));
    Link chain = new Link(3, new Link(2, new Link(1, null)));
    assertThat(readDirectly(Link.class, written(chain))).isEqualTo(chain);
  }

  @Test
  void everyIrregularValueIsLeftToTheMapper() throws Exception {
    for (String json : List.of(
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\"}",                          // absent, though nullable
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null,\"z\":1}",    // unknown
        "{\"x\":1,\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null}",    // repeated
        "{\"x\":2147483648,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null}",   // beyond int
        "{\"x\":1.0,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null}",          // a fraction
        "{\"x\":\"1\",\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null}",        // a string
        "{\"x\":1,\"y\":2,\"on\":1,\"label\":\"a\",\"note\":null}",               // a number for a boolean
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":5,\"note\":null}",                // a number for a string
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":[],\"note\":null}",               // an array
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":{},\"note\":null}",               // an object
        "{\"x\":null,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null}",         // null primitive
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null",             // cut short
        "[]")) {
      DirectRecordReader reader = direct(Point.class);
      byte[] bytes = utf8(json);
      try (JsonParser parser = reader.createParser(bytes, 0, bytes.length)) {
        parser.nextToken();
        assertThat(reader.read(parser, reader.context(parser))).as(json).isSameAs(DirectRecordReader.NOT_READ);
      }
      // The mapper decides, and readValue answers exactly what it answers.
      try {
        StrictJsonTest.read(json, Point.class);
      } catch (Exception refused) {
        assertThat(refused).isInstanceOf(JsonProcessingException.class);
      }
    }
  }

  @Test
  void repeatedKeysAreFoundAtEveryLevelWithoutTheParsersOwnDetection() {
    String nested = "{\"depth\":2,\"next\":{\"depth\":1,\"depth\":1,\"next\":null}}";
    assertThatThrownBy(() -> direct(Link.class).readValue(utf8(nested), 0, utf8(nested).length))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'depth'");
    String top = "{\"depth\":2,\"next\":null,\"depth\":2}";
    assertThatThrownBy(() -> direct(Link.class).readValue(utf8(top), 0, utf8(top).length))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'depth'");
  }

  @Test
  void theApplicationsOwnDeserializersAreHonoured() throws Exception {
    ObjectMapper custom = PotoJson.newMapper().registerModule(new SimpleModule().addDeserializer(String.class,
        new JsonDeserializer<>() {
          @Override
          public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getText().toUpperCase(java.util.Locale.ROOT);
          }
        }));
    DirectRecordReader reader = DirectRecordReader.forType(custom, custom.readerFor(Point.class));
    String json = "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}";
    assertThat(reader == null ? custom.readValue(json, Point.class) : reader.readValue(utf8(json), 0, json.length()))
        .isEqualTo(new Point(1, 2, true, "A", "B"));
  }

  @Test
  void aRefusedValueFailsExactlyAsWithTheMapper() {
    String json = "{\"x\":1,\"y\":2,\"on\":true,\"label\":null,\"note\":null}";
    assertThatThrownBy(() -> direct(Point.class).readValue(utf8(json), 0, json.length()))
        .isInstanceOf(MismatchedInputException.class).hasMessageContaining("label");
  }

  @Test
  void recordsOfStringsIntegersAndBooleansAreReadStraightFromTheBytes() throws Exception {
    assertThat(direct(Point.class).readsBytes()).isTrue();
    assertThat(direct(Link.class).readsBytes()).isTrue();
    assertThat(direct(Mixed.class).readsBytes()).isFalse(); // a BigDecimal, an Instant...: Jackson reads those
    Point point = new Point(-2147483648, -999_999_999_999_999_999L, true, "é\u2028\uD83D\uDE00 ascii", "n");
    // Raw UTF-8 of two, three and four bytes (the server may escape some of them; this reader takes them raw).
    assertThat(readBytes(Point.class, "{\"x\":-2147483648,\"y\":-999999999999999999,\"on\":true,"
        + "\"label\":\"é\u2028\uD83D\uDE00 ascii\",\"note\":\"n\"}")).isEqualTo(point);
    assertThat(readBytes(Point.class, " {\t\"note\" : \"\" ,\r\n\"label\":\"l\",\"on\":false,\"y\":999999999999999999,"
        + "\"x\":2147483647 }\n")).isEqualTo(new Point(2147483647, 999_999_999_999_999_999L, false, "l", ""));
    Link chain = new Link(3, new Link(2, new Link(1, new Link(0, new Link(-1, new Link(-2, null))))));
    assertThat(readBytes(Link.class, written(chain))).isEqualTo(chain);
    // null where the type allows it, by Jackson's own rule for the property.
    assertThat(readBytes(Point.class, "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":null}"))
        .isEqualTo(new Point(1, 2, true, "a", null));
    // Inside a larger buffer: only the given range counts.
    byte[] framed = utf8("xx{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}\nyy");
    DirectRecordReader reader = direct(Point.class);
    assertThat(reader.readBytes(framed, 2, framed.length - 5, reader.bytesSession()))
        .isEqualTo(new Point(1, 2, true, "a", "b"));
  }

  @Test
  void anythingButThePlainCaseIsLeftToTheMapperByTheByteReader() throws Exception {
    String tail = ",\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}";
    List<String> irregular = List.of(
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\"}",                          // absent, though nullable
        "{\"x\":null" + tail, "{\"x\":1,\"y\":2,\"on\":true,\"label\":null,\"note\":\"b\"}", // refused nulls
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":nul}",
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\",\"z\":1}",   // unknown
        "{\"x\":1,\"x\":1" + tail,                                                 // repeated
        "{\"xy\":1" + tail, "{\"\":1" + tail,                                        // near the expected key
        "{\"x\":1,\"y\":2,\"on\":true,\"labelx\":\"a\",\"note\":\"b\"}",
        "{\"x\":1,\"y\":2,\"on\":true,\"lab\":\"a\",\"note\":\"b\"}",
        "{\"x\":1,\"y\":2,\"on\":true,\"label",
        "{\"x\":2147483648" + tail, "{\"x\":-2147483649" + tail,                    // beyond int
        "{\"x\":1,\"y\":1234567890123456789,\"on\":true,\"label\":\"a\",\"note\":\"b\"}", // 19 digits
        "{\"x\":1.0" + tail, "{\"x\":1e2" + tail, "{\"x\":1E2" + tail,           // fraction, exponents
        "{\"x\":-0" + tail, "{\"x\":01" + tail, "{\"x\":-" + tail, "{\"x\":+1" + tail, // -0, leading zero, signs
        "{\"x\":\"1\"" + tail, "{\"x\":1x" + tail,                                  // a string, a bad token
        "{\"x\":1,\"y\":2,\"on\":1,\"label\":\"a\",\"note\":\"b\"}",              // a number for a boolean
        "{\"x\":1,\"y\":2,\"on\":truex,\"label\":\"a\",\"note\":\"b\"}",          // a bad literal
        "{\"x\":1,\"y\":2,\"on\":True,\"label\":\"a\",\"note\":\"b\"}",
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\\n\",\"note\":\"b\"}",        // an escape
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\tb\",\"note\":\"b\"}",         // a raw control byte
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\u0000\",\"note\":\"b\"}",      // NUL
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":[],\"note\":\"b\"}",               // an array
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"",             // cut short
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b}",
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}}",            // trailing bytes
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"} 1",
        "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\",}",           // a trailing comma
        "{\"x\":1 \"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}",            // a missing comma
        "{\"x\"1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}",             // a missing colon
        "{\"\\u0078\":1" + tail, "{x:1" + tail, "{}", "[]", "", " ", "null", "{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"} {}",
        "\uFEFF{\"x\":1" + tail);                                                    // a byte-order mark
    DirectRecordReader reader = direct(Point.class);
    for (String json : irregular) {
      byte[] bytes = utf8(json);
      assertThat(reader.readBytes(bytes, 0, bytes.length, reader.bytesSession())).as(json)
          .isSameAs(DirectRecordReader.NOT_READ);
    }
    // Ill-formed UTF-8 inside a string (an overlong '/', an encoded surrogate, a stray continuation byte).
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
      byte[] head = utf8("{\"x\":1,\"y\":2,\"on\":true,\"label\":\"");
      byte[] rest = utf8("\",\"note\":\"b\"}");
      byte[] bytes = new byte[head.length + bad.length + rest.length];
      System.arraycopy(head, 0, bytes, 0, head.length);
      System.arraycopy(bad, 0, bytes, head.length, bad.length);
      System.arraycopy(rest, 0, bytes, head.length + bad.length, rest.length);
      assertThat(reader.readBytes(bytes, 0, bytes.length, reader.bytesSession())).isSameAs(DirectRecordReader.NOT_READ);
    }
  }

  /** The direct reader calls the canonical constructor itself, with the same arguments, and its failures stay the mapper's. */
  @Test
  void theCanonicalConstructorIsCalledStraightAndItsFailureIsTheMappers() throws Exception {
    Traced expected = new Traced(7, -9, true, "t", null);
    Traced.CALLERS.clear();
    String json = "{\"n\":7,\"big\":-9,\"on\":true,\"text\":\"t\",\"boxed\":null}";
    assertThat(readBytes(Traced.class, json)).isEqualTo(expected);
    assertThat(Traced.CALLERS).hasSize(2);
    assertThat(Traced.CALLERS.getFirst()).contains("PotoRecordConstructor");
    assertThat(Traced.CALLERS.get(1)).as("the mapper's own reading, for the comparison").doesNotContain("PotoRecordConstructor");
    Traced.CALLERS.clear();
    byte[] parsed = utf8("{\"n\":7,\"big\":-9,\"on\":true,\"text\":\"\\u0074\",\"boxed\":null}"); // an escape: the parser path
    assertThat((Object) direct(Traced.class).readValue(parsed, 0, parsed.length)).isEqualTo(expected);
    assertThat(Traced.CALLERS).hasSize(1);
    assertThat(Traced.CALLERS.getFirst()).contains("PotoRecordConstructor");
    assertThat(RecordConstructor.of(Traced.class)).as("one class per record type, for every reader")
        .isNotNull().isSameAs(RecordConstructor.of(Traced.class));
    // A constructor that refuses its arguments: the mapper calls it again and reports its failure.
    byte[] negative = utf8("{\"n\":-1,\"big\":1,\"on\":false,\"text\":\"t\",\"boxed\":3}");
    DirectRecordReader reader = direct(Traced.class);
    assertThat(reader.readBytes(negative, 0, negative.length, reader.bytesSession())).isSameAs(DirectRecordReader.NOT_READ);
    assertThatThrownBy(() -> reader.readValue(negative, 0, negative.length))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("n must not be negative");
  }

  @Test
  void keysOfEveryLengthAreMatchedExactlyWhereverTheyLie() throws Exception {
    String json = "{\"a\":1,\"bb\":2,\"cccccc\":3,\"ddddddd\":4,\"eeeeeeee\":5,\"ffffffffffffffffff\":6}";
    Keyed keyed = new Keyed(1, 2, 3, 4, 5, 6);
    assertThat(readBytes(Keyed.class, json)).isEqualTo(keyed);
    // In another order (no key where it is expected), and ending at the array's end, where fewer than
    // eight bytes follow a key.
    assertThat(readBytes(Keyed.class, "{\"ffffffffffffffffff\":6,\"eeeeeeee\":5,\"ddddddd\":4,"
        + "\"cccccc\":3,\"bb\":2,\"a\":1}")).isEqualTo(keyed);
    assertThat(readBytes(Keyed.class, "{\"bb\":2,\"cccccc\":3,\"ddddddd\":4,\"eeeeeeee\":5,"
        + "\"ffffffffffffffffff\":6,\"a\":1}")).isEqualTo(keyed);
    DirectRecordReader reader = direct(Keyed.class);
    // A key that differs from the expected one anywhere in its bytes or its length is not that key.
    for (String[] swap : new String[][] {{"\"a\"", "\"b\""}, {"\"a\"", "\"aa\""}, {"\"a\"", "\"\""},
        {"\"bb\"", "\"b\""}, {"\"cccccc\"", "\"cccccd\""}, {"\"cccccc\"", "\"dccccc\""},
        {"\"ddddddd\"", "\"dddddddd\""}, {"\"ddddddd\"", "\"dddddd\""}, {"\"eeeeeeee\"", "\"eeeeeeef\""},
        {"\"a\"", "\"\\u0061\""}, {"\"bb\"", "\"b\\b\""}, {"\"bb\"", "\"bé\""}}) {
      byte[] bytes = utf8(json.replace(swap[0], swap[1]));
      assertThat(reader.readBytes(bytes, 0, bytes.length, reader.bytesSession())).as(swap[1])
          .isSameAs(DirectRecordReader.NOT_READ);
    }
    // Only the given range counts: a key whose closing quote lies just past it is cut short.
    byte[] framed = utf8("{\"a\":1,\"bb\":2,\"cccccc\":3}xxxxxxxxxx");
    for (int length = 1; length <= 27; length++) {
      assertThat(reader.readBytes(framed, 0, length, reader.bytesSession())).as("first %d bytes", length)
          .isSameAs(DirectRecordReader.NOT_READ);
    }
  }

  @Test
  void oneSessionReadsValueAfterValueAndNothingOfOneReachesTheNext() throws Exception {
    // The session reuses its cursor and its argument arrays (one per record type and depth): siblings
    // of one type at one depth, a type nested in itself, and values left to the mapper half read
    // between them must all read as the mapper reads them.
    DirectRecordReader reader = direct(Pair.class);
    DirectRecordReader.BytesSession session = reader.bytesSession();
    String point = "\"point\":{\"x\":1,\"y\":2,\"on\":true,\"label\":\"a\",\"note\":\"b\"}";
    List<String> values = List.of(
        "{\"left\":{\"depth\":1,\"next\":{\"depth\":2,\"next\":null}},\"right\":{\"depth\":3,\"next\":null}," + point + "}",
        "{\"left\":{\"depth\":4,\"next\":null},\"right\":null," + point + "}",
        "{\"left\":{\"depth\":5,\"next\":{\"depth\":6,\"next\":{\"depth\":7,\"next\":null}}},\"right\":",  // cut short
        "{\"right\":{\"depth\":8,\"next\":{\"depth\":9,\"next\":null}},\"left\":{\"depth\":10,\"next\":null},"
            + point.replace("\"a\"", "\"é\"") + "}",
        "{\"left\":{\"depth\":11,\"next\":null},\"right\":{\"depth\":12},\"point\":null}",                  // absent key
        "{\"left\":{\"depth\":13,\"next\":null},\"right\":{\"next\":{\"depth\":14,\"next\":null},\"depth\":15},"
            + point + "}");
    for (String json : values) {
      byte[] bytes = utf8(json);
      Object value = reader.readBytes(bytes, 0, bytes.length, session);
      if (json.endsWith(":") || json.contains("{\"depth\":12}")) {
        assertThat(value).as(json).isSameAs(DirectRecordReader.NOT_READ);
      } else {
        assertThat(value).as(json).isEqualTo(JSON.readValue(bytes, Pair.class));
      }
    }
  }

  @Test
  void nestingBeyondTheByteReadersDepthIsLeftToTheMapper() throws Exception {
    StringBuilder deep = new StringBuilder();
    int levels = 40;
    for (int i = 0; i < levels; i++) {
      deep.append("{\"depth\":").append(i).append(",\"next\":");
    }
    deep.append("{\"depth\":-1,\"next\":null}").append("}".repeat(levels));
    byte[] bytes = utf8(deep.toString());
    DirectRecordReader reader = direct(Link.class);
    assertThat(reader.readBytes(bytes, 0, bytes.length, reader.bytesSession())).isSameAs(DirectRecordReader.NOT_READ);
    assertThat((Object) reader.readValue(bytes, 0, bytes.length)).isEqualTo(JSON.readValue(bytes, Link.class));
  }

  /** Reads with {@link DirectRecordReader#readBytes}, which must take the value and agree with the mapper. */
  private static Object readBytes(Class<?> type, String json) throws IOException {
    DirectRecordReader reader = direct(type);
    byte[] bytes = utf8(json);
    Object value = reader.readBytes(bytes, 0, bytes.length, reader.bytesSession());
    assertThat((Object) value).as(json).isNotSameAs(DirectRecordReader.NOT_READ)
        .isEqualTo(JSON.readValue(bytes, type));
    return value;
  }

  private static DirectRecordReader direct(Class<?> type) {
    return DirectRecordReader.forType(JSON, JSON.readerFor(type));
  }

  /** Reads with {@link DirectRecordReader#read}, which must not hand the value back. */
  private static Object readDirectly(Class<?> type, String json) throws IOException {
    DirectRecordReader reader = direct(type);
    byte[] bytes = utf8(json);
    try (JsonParser parser = reader.createParser(bytes, 0, bytes.length)) {
      parser.nextToken();
      Object value = reader.read(parser, reader.context(parser));
      assertThat(value).as(json).isNotSameAs(DirectRecordReader.NOT_READ);
      return value;
    }
  }

  /** As the server writes it (a lone surrogate as its escape, which a Java String's UTF-8 encoding would lose). */
  private static String written(Object value) throws IOException {
    return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
