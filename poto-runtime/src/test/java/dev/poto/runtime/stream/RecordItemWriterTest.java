package dev.poto.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.poto.protocol.PotoJson;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct record writer against Jackson's own writer, value by value: every byte must be the same,
 * and a type or value it cannot reproduce must go to Jackson (which the encoder then uses).
 */
class RecordItemWriterTest {
  static final ObjectMapper MAPPER = PotoJson.newMapper();

  record Scalars(int i, long l, short s, byte b, boolean z, double d, float f, String text) {}

  record Boxes(Integer i, Long l, Short s, Byte b, Boolean z, Double d, Float f, String text) {}

  record Inner(String name, int n) {}

  record Outer(Inner first, long id, Inner second) {}

  record Deep(Outer outer, Inner inner, Boxes boxes) {}

  record Renamed(@JsonProperty("the-name") String name, @JsonIgnore int hidden, int shown) {}

  @JsonPropertyOrder({"b", "a"})
  record Ordered(int a, int b) {}

  record Odd(String π, String 名前, String $dollar) {}

  private static StreamItems items(Type type) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    return StreamItems.of(MAPPER, javaType, MAPPER.writerFor(javaType));
  }

  private static String jackson(Type type, Object value) throws IOException {
    return new String(MAPPER.writerFor(MAPPER.getTypeFactory().constructType(type)).writeValueAsBytes(value),
        StandardCharsets.UTF_8);
  }

  /** What the direct writer writes, or null when it gives the value to Jackson. */
  private static String direct(StreamItems items, Object value) throws IOException {
    FrameBuffer out = new FrameBuffer(null);
    return items.direct().write(value, out) ? new String(out.bytes, 0, out.length, StandardCharsets.UTF_8) : null;
  }

  /** What the stream's encoder writes (directly or through Jackson). */
  private static String encoded(StreamItems items, Object value) throws IOException {
    return new String(new ItemEncoder(items).encodeToArray(value), StandardCharsets.UTF_8);
  }

  private static void writesExactlyAsJackson(Type type, Object... values) throws IOException {
    StreamItems items = items(type);
    assertThat(items.writesDirectly()).as("a direct writer for %s", type).isTrue();
    for (Object value : values) {
      assertThat(direct(items, value)).as("%s", value).isEqualTo(jackson(type, value));
    }
  }

  @Test
  void scalarsAtTheirEdgesAreWrittenAsJacksonWritesThem() throws IOException {
    writesExactlyAsJackson(Scalars.class,
        new Scalars(0, 0, (short) 0, (byte) 0, false, 0.0, 0f, ""),
        new Scalars(Integer.MIN_VALUE, Long.MIN_VALUE, Short.MIN_VALUE, Byte.MIN_VALUE, true, -0.0, -0f, "x"),
        new Scalars(Integer.MAX_VALUE, Long.MAX_VALUE, Short.MAX_VALUE, Byte.MAX_VALUE, true, Double.MAX_VALUE,
            Float.MAX_VALUE, null),
        new Scalars(-1, -1, (short) -1, (byte) -1, false, Double.MIN_VALUE, Float.MIN_VALUE, "\u0000"),
        new Scalars(1, 9_999_999_999L, (short) 1, (byte) 1, true, Double.NaN, Float.NaN, "NaN"),
        new Scalars(10, -9_999_999_999L, (short) 10, (byte) 10, true, Double.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, "Infinity"),
        new Scalars(100, 1_000_000_000_000_000_000L, (short) 100, (byte) 100, false, 1e-7, 1e7f, "1e-7"),
        new Scalars(123456789, -1_000_000_000_000_000_000L, (short) 12345, (byte) 12, false, 0.1 + 0.2, 0.1f,
            "0.30000000000000004"),
        new Scalars(-2147483647, 2147483648L, (short) -32767, (byte) -127, true, 1e21, 1e-45f, "big"),
        new Scalars(999_999_999, -2147483649L, (short) 9999, (byte) 99, true, 4.9e-324, 3.4e38f, "tiny"));
  }

  @Test
  void randomNumbersOfEveryWidthAreWrittenAsJacksonWritesThem() throws IOException {
    SplittableRandom random = new SplittableRandom(20261201);
    List<Object> values = new ArrayList<>();
    for (int k = 0; k < 20_000; k++) {
      int shift = random.nextInt(64);
      long l = random.nextLong() >> shift;
      values.add(new Scalars((int) l, l, (short) l, (byte) l, (l & 1) == 0,
          Double.longBitsToDouble(random.nextLong()), Float.intBitsToFloat(random.nextInt()), Long.toString(l, 36)));
    }
    writesExactlyAsJackson(Scalars.class, values.toArray());
  }

  @Test
  void boxesAndNullsAreWrittenAsJacksonWritesThem() throws IOException {
    writesExactlyAsJackson(Boxes.class,
        new Boxes(null, null, null, null, null, null, null, null),
        new Boxes(Integer.MIN_VALUE, Long.MAX_VALUE, Short.MIN_VALUE, Byte.MAX_VALUE, false, -0.0, Float.NaN, ""),
        new Boxes(7, -7L, (short) 7, (byte) -7, true, Double.NEGATIVE_INFINITY, -0f, "s"));
  }

  @Test
  void everyCharacterOfTheBasicPlaneOutsideTheSurrogatesIsWrittenAsJacksonWritesIt() throws IOException {
    StringBuilder all = new StringBuilder();
    List<Object> values = new ArrayList<>();
    for (char c = 0; c < 0xFFFF; c++) {
      if (!Character.isSurrogate(c)) {
        all.append(c);
        values.add(new Inner(String.valueOf(c) + "a" + c, c));
      }
    }
    values.add(new Inner(all.toString(), -1)); // longer than a segment: crosses many reservations
    values.add(new Inner("\"\\/\b\f\n\r\t\u007f<>&'\u2028\u2029", 0));
    writesExactlyAsJackson(Inner.class, values.toArray());
  }

  @Test
  void aStringWithASurrogateGoesToJacksonAndTheItemIsStillJacksonsExactly() throws IOException {
    StreamItems items = items(Inner.class);
    for (String s : new String[] {"😀", "a😀b", "\ud83d", "x\ude00", "\ude00\ud83d"}) {
      Inner value = new Inner(s, 1);
      assertThat(direct(items, value)).as("left to Jackson").isNull();
      assertThat(encoded(items, value)).isEqualTo(jackson(Inner.class, value));
    }
  }

  @Test
  void nestedRecordsAndNullRecordsAreWrittenAsJacksonWritesThem() throws IOException {
    Inner inner = new Inner("in\"ner", 3);
    Boxes boxes = new Boxes(1, 2L, (short) 3, (byte) 4, true, 5.5, 6.5f, "seven");
    writesExactlyAsJackson(Deep.class,
        new Deep(new Outer(inner, 9, null), null, boxes),
        new Deep(null, null, null),
        new Deep(new Outer(null, Long.MIN_VALUE, inner), inner, new Boxes(null, null, null, null, null, null, null, null)));
    writesExactlyAsJackson(Inner.class, (Object) null);
  }

  @Test
  void jacksonsNamesAndOrderAreKept() throws IOException {
    writesExactlyAsJackson(Renamed.class, new Renamed("n", 1, 2));
    assertThat(direct(items(Renamed.class), new Renamed("n", 1, 2))).isEqualTo("{\"the-name\":\"n\",\"shown\":2}");
    writesExactlyAsJackson(Ordered.class, new Ordered(1, 2));
    assertThat(direct(items(Ordered.class), new Ordered(1, 2))).isEqualTo("{\"b\":2,\"a\":1}");
    writesExactlyAsJackson(Odd.class, new Odd("p", "n", "d"));
  }

  // Types whose output the direct writer does not reproduce: they get none, and the encoder's output
  // is Jackson's.

  record WithOptional(Optional<String> text) {}

  record WithList(List<Integer> values) {}

  record WithMap(Map<String, Integer> values) {}

  enum Color { RED, GREEN }

  record WithEnum(Color color) {}

  record WithDecimal(BigDecimal amount) {}

  record WithInstant(Instant at) {}

  record SkipsNulls(@JsonInclude(JsonInclude.Include.NON_NULL) String text, int n) {}

  record SkipsDefaults(@JsonInclude(JsonInclude.Include.NON_DEFAULT) int n) {}

  record IntAsString(@JsonFormat(shape = JsonFormat.Shape.STRING) int n) {}

  static final class Shouting extends JsonSerializer<String> {
    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(value.toUpperCase());
    }
  }

  record Custom(@JsonSerialize(using = Shouting.class) String text) {}

  record Chain(int n, Chain next) {}

  record Generic<T>(T value) {}

  record Empty() {}

  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  record AsArray(int a, int b) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes(@JsonSubTypes.Type(value = Circle.class, name = "circle"))
  sealed interface Shape permits Circle {}

  record Circle(double r) implements Shape {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  record Tagged(int n) {}

  @Test
  void typesItCannotReproduceGetNoDirectWriterAndGoThroughJackson() throws IOException {
    Map<Type, Object> cases = new java.util.LinkedHashMap<>();
    cases.put(WithOptional.class, new WithOptional(Optional.of("x")));
    cases.put(WithList.class, new WithList(List.of(1, 2)));
    cases.put(WithMap.class, new WithMap(Map.of("odd \"key\"\n", 1)));
    cases.put(WithEnum.class, new WithEnum(Color.GREEN));
    cases.put(WithDecimal.class, new WithDecimal(new BigDecimal("1.10")));
    cases.put(WithInstant.class, new WithInstant(Instant.ofEpochSecond(1, 5)));
    cases.put(SkipsNulls.class, new SkipsNulls(null, 1));
    cases.put(SkipsDefaults.class, new SkipsDefaults(0));
    cases.put(IntAsString.class, new IntAsString(5));
    cases.put(Custom.class, new Custom("loud"));
    cases.put(Chain.class, new Chain(1, new Chain(2, null)));
    cases.put(Generic.class, new Generic<>("g"));
    cases.put(Empty.class, new Empty());
    cases.put(AsArray.class, new AsArray(1, 2));
    cases.put(Shape.class, new Circle(1.5));
    cases.put(Tagged.class, new Tagged(3));
    cases.put(Map.class, Map.of("k", List.of(1, 2)));
    cases.put(String.class, "a string item");
    for (Map.Entry<Type, Object> c : cases.entrySet()) {
      StreamItems items = items(c.getKey());
      assertThat(items.writesDirectly()).as("%s", c.getKey()).isFalse();
      assertThat(encoded(items, c.getValue())).as("%s", c.getKey()).isEqualTo(jackson(c.getKey(), c.getValue()));
    }
  }

  @Test
  void aMapperThatWritesTextOrNumbersOtherwiseGetsNoDirectWriter() {
    List<ObjectMapper> unusual = List.of(
        JsonMapper.builder().enable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS).build(),
        JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build(),
        JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build());
    for (int m = 0; m < unusual.size(); m++) {
      ObjectMapper mapper = unusual.get(m);
      JavaType type = mapper.getTypeFactory().constructType(Inner.class);
      assertThat(StreamItems.of(mapper, type, mapper.writerFor(type)).writesDirectly()).as("mapper %d", m).isFalse();
    }
    JavaType type = MAPPER.getTypeFactory().constructType(Inner.class);
    assertThat(StreamItems.of(MAPPER, type, MAPPER.writerFor(type).with(SerializationFeature.INDENT_OUTPUT))
        .writesDirectly()).as("indentation is turned off for items anyway").isTrue();
  }

  @Test
  void anotherEscapeOfAnAsciiCharacterIsLearntFromTheMapperItself() throws IOException {
    ObjectMapper slashes = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
    JavaType type = slashes.getTypeFactory().constructType(Inner.class);
    StreamItems items = StreamItems.of(slashes, type, slashes.writerFor(type));
    Inner value = new Inner("a/b</script>", 1);

    assertThat(direct(items, value)).isEqualTo(new String(slashes.writeValueAsBytes(value), StandardCharsets.UTF_8))
        .contains("a\\/b<\\/script>");
  }

  /** An accessor that fails: Jackson calls it again and reports the failure as it always did. */
  record Failing(int n) {
    @Override
    public int n() {
      throw new IllegalStateException("no n for you");
    }
  }

  @Test
  void anAccessorThatThrowsLeavesTheItemToJacksonWhichFailsAsBefore() throws IOException {
    StreamItems items = items(Failing.class);
    assertThat(items.writesDirectly()).isTrue();
    assertThat(direct(items, new Failing(1))).isNull();
    Throwable jackson = org.assertj.core.api.Assertions.catchThrowable(
        () -> MAPPER.writerFor(Failing.class).writeValueAsBytes(new Failing(1)));
    assertThatThrownBy(() -> new ItemEncoder(items).encodeToArray(new Failing(1)))
        .isInstanceOf(jackson.getClass()).hasMessage(jackson.getMessage());
  }

  @Test
  void aValueOfAnotherClassThanTheDeclaredRecordGoesToJackson() throws IOException {
    StreamItems items = items(Inner.class);
    assertThat(direct(items, "not a record")).isNull();
    assertThat(direct(items, new Outer(null, 1, null))).isNull();
  }

  @Test
  void theDirectWriterIsBuiltOncePerMethodNotPerStream() {
    StreamItems items = items(Inner.class);
    assertThat(items.direct()).isSameAs(items.direct());
  }

  @Test
  void theEscapesAreLearntFromTheMapper() throws IOException {
    JsonText text = JsonText.learn(MAPPER.writer());
    assertThat(text).isNotNull();
    for (char c = 0; c < 128; c++) {
      FrameBuffer out = new FrameBuffer(null);
      assertThat(text.writeString(String.valueOf(c), out)).isTrue();
      assertThat(Arrays.copyOf(out.bytes, out.length)).as("char %d", (int) c)
          .isEqualTo(MAPPER.writeValueAsBytes(String.valueOf(c)));
    }
  }
}
