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
