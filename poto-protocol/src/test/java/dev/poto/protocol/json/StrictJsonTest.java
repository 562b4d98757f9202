package dev.poto.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.Protocol;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The mapper both ends decode with: exact or an exception, never a changed value. The server turns
 * the exception into {@code invalid_argument}, the Java client into {@code invalid_response}.
 */
class StrictJsonTest {
  static final ObjectMapper JSON = PotoJson.newMapper();

  /** Nullable annotations as libraries declare them: on the type, on parameters only, on components only. */
  @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.TYPE_USE) @interface Nullable {}

  static final class OnParameter {
    @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.PARAMETER) @interface Nullable {}
  }

  static final class OnComponent {
    @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.RECORD_COMPONENT) @interface Nullable {}
  }

  record Item(String name, int count, @Nullable String typeUse, @OnParameter.Nullable String onParameter,
      @OnComponent.Nullable String onComponent, Optional<String> maybe, OptionalInt maybeCount) {}

  record Scales(byte tiny, float ratio, double amount) {}

  record Link(@Nullable Link next) {}

  record Gauge(java.util.OptionalDouble level) {}

  @Test
  void nullableAndOptionalComponentsMayBeAbsentOthersMayNot() throws Exception {
    assertThat(read("{\"name\":\"a\",\"count\":1}", Item.class))
        .isEqualTo(new Item("a", 1, null, null, null, Optional.empty(), OptionalInt.empty()));
    assertThat(read("{\"name\":\"a\",\"count\":1,\"typeUse\":null,\"onParameter\":null,\"onComponent\":null,"
        + "\"maybe\":null,\"maybeCount\":null}", Item.class))
        .isEqualTo(new Item("a", 1, null, null, null, Optional.empty(), OptionalInt.empty()));
    assertRejected("{\"count\":1}", Item.class);
    assertRejected("{\"name\":\"a\"}", Item.class);
    assertRejected("{\"name\":null,\"count\":1}", Item.class);
    assertRejected("{\"name\":\"a\",\"count\":null}", Item.class);
    assertRejected("{\"name\":\"a\",\"count\":1,\"other\":1}", Item.class);
  }

  /** A bean: read and written through its getters, setters and a public field. */
  public static final class Account {
    private String owner;
    private int stars;
    private @Nullable String note;
    private Optional<String> mood = Optional.empty();
    public String tag;
    private String secret;

    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }
    public int getStars() { return stars; }
    public void setStars(int stars) { this.stars = stars; }
    public @Nullable String getNote() { return note; }
    public void setNote(@Nullable String note) { this.note = note; }
    public Optional<String> getMood() { return mood; }
    public void setMood(Optional<String> mood) { this.mood = mood; }
    /** Only read by the server (a setter without getter): it may be left out, as its TS type says. */
    public void setSecret(String secret) { this.secret = secret; }
    String secret() { return secret; }
  }

  @Test
  void beansNeedEveryNonNullablePropertyAsRecordsDo() throws Exception {
    Account full = read("{\"owner\":\"ada\",\"stars\":3,\"tag\":\"t\",\"note\":null,\"mood\":\"ok\"}", Account.class);
    assertThat(full.getOwner()).isEqualTo("ada");
    assertThat(full.getMood()).contains("ok");
    Account least = read("{\"owner\":\"ada\",\"stars\":0,\"tag\":\"t\"}", Account.class);
    assertThat(least.getNote()).isNull();
    assertThat(least.secret()).isNull();
    assertThat(read("{\"owner\":\"a\",\"stars\":0,\"tag\":\"t\",\"secret\":\"s\"}", Account.class).secret())
        .isEqualTo("s");
    assertThatThrownBy(() -> read("{\"stars\":1,\"tag\":\"t\"}", Account.class))
        .isInstanceOf(StrictValueException.class)
        .hasMessageContaining("missing property 'owner'")
        .satisfies(e -> assertThat(((MismatchedInputException) e).getPath()).extracting(r -> r.getFieldName())
            .containsExactly("owner"));
    assertRejected("{\"owner\":\"a\",\"tag\":\"t\"}", Account.class); // a primitive too
    assertRejected("{\"owner\":\"a\",\"stars\":1}", Account.class); // a public field too
    assertRejected("{\"owner\":null,\"stars\":1,\"tag\":\"t\"}", Account.class);
    assertRejected("{\"owner\":\"a\",\"stars\":1,\"tag\":null}", Account.class);
    // Nested beans each count their own properties.
    assertRejected("[{\"owner\":\"a\",\"stars\":1,\"tag\":\"t\"},{\"stars\":1,\"tag\":\"t\"}]", Account[].class);
    // What the server stored itself reads back as it was.
    assertThat(PotoJson.newStorageMapper().readValue("{\"stars\":1}", Account.class).getOwner()).isNull();
  }

  /** A bean with a computed property: written by Jackson, with no setter or field to read it into. */
  public static final class Score {
    private int points;

    public int getPoints() { return points; }
    public void setPoints(int points) { this.points = points; }
    public int getDoublePoints() { return points * 2; }
  }

  @Test
  void whatTheMapperWritesOfABeanWithAComputedPropertyReadsBack() throws Exception {
    Score score = new Score();
    score.setPoints(21);
    String written = JSON.writeValueAsString(score);
    assertThat(written).isEqualTo("{\"points\":21,\"doublePoints\":42}");
    // The computed property is output-only: read and ignored (it is derived from the others), not
    // refused, or no bean answer with a computed getter could be read by the Java client.
    assertThat(read(written, Score.class).getPoints()).isEqualTo(21);
    assertThat(read("{\"points\":21}", Score.class).getPoints()).isEqualTo(21);
    assertRejected("{\"points\":21,\"doublePoints\":null}", Score.class);
    assertRejected("{\"points\":21,\"doublePoints\":\"x\"}", Score.class);
    assertRejected("{\"points\":21,\"other\":1}", Score.class);
  }

  @Test
  void jsonTreesKeepEveryNumberExactly() throws Exception {
    String text = "{\"tenth\":0.1,\"negativeZero\":-0.0,\"long\":9223372036854775807,"
        + "\"huge\":18446744073709551616,\"fine\":0.1000000000000000055511151231257827,"
        + "\"beyondDouble\":1e400,\"belowDouble\":1e-400,\"smallest\":4.9E-324,\"list\":[1.5,null,\"x\",true]}";
    com.fasterxml.jackson.databind.JsonNode tree = read(text, com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(tree.get("tenth").isDouble()).isTrue();
    assertThat(Double.doubleToRawLongBits(tree.get("negativeZero").doubleValue()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(tree.get("long").longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(tree.get("huge").bigIntegerValue()).isEqualTo(new java.math.BigInteger("18446744073709551616"));
    assertThat(tree.get("fine").decimalValue()).isEqualTo(new java.math.BigDecimal("0.1000000000000000055511151231257827"));
    assertThat(tree.get("beyondDouble").decimalValue()).isEqualTo(new java.math.BigDecimal("1e400"));
    assertThat(tree.get("belowDouble").decimalValue()).isEqualTo(new java.math.BigDecimal("1e-400"));
    assertThat(tree.get("smallest").doubleValue()).isEqualTo(Double.MIN_VALUE);
    // Written back, each number has the value it came with.
    com.fasterxml.jackson.databind.JsonNode again = read(JSON.writeValueAsString(tree), com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(again).isEqualTo(tree);
    assertThat(JSON.writeValueAsString(tree.get("fine"))).isEqualTo("0.1000000000000000055511151231257827");
    assertThat(read("[1.25]", com.fasterxml.jackson.databind.node.ArrayNode.class).get(0).doubleValue()).isEqualTo(1.25);
    assertRejected("[1]", com.fasterxml.jackson.databind.node.ObjectNode.class);
    assertRejected("{\"a\":1}", com.fasterxml.jackson.databind.node.ArrayNode.class);
    assertThatThrownBy(() -> read("{\"a\":1,\"a\":2}", com.fasterxml.jackson.databind.JsonNode.class))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'a'");
  }

  record Lists(java.util.List<String> names, java.util.List<@Nullable String> sparse,
      java.util.Map<String, Integer> counts, String[] words, java.util.List<Optional<String>> maybes) {}

  @Test
  void containersInRecordsHoldNoNullUnlessTheElementTypeIsNullable() throws Exception {
    Lists read = read("{\"names\":[\"a\"],\"sparse\":[null,\"b\"],\"counts\":{\"k\":1},\"words\":[\"w\"],"
        + "\"maybes\":[null,\"m\"]}", Lists.class);
    assertThat(read.sparse()).containsExactly(null, "b");
    assertThat(read.maybes()).containsExactly(Optional.empty(), Optional.of("m"));
    String valid = "\"sparse\":[],\"counts\":{},\"words\":[],\"maybes\":[]";
    assertRejected("{\"names\":[\"a\",null]," + valid + "}", Lists.class);
    assertRejected("{\"names\":[],\"sparse\":[],\"counts\":{\"k\":null},\"words\":[],\"maybes\":[]}", Lists.class);
    assertRejected("{\"names\":[],\"sparse\":[],\"counts\":{},\"words\":[null],\"maybes\":[]}", Lists.class);
  }

  record Cell(java.util.List<@Nullable String> notes, java.util.List<String> tags) {}

  /** Records in lists in maps in records, with the null rule different at every level. */
  record Deep(java.util.Map<String, java.util.List<@Nullable String>> sparseByKey,
      java.util.List<java.util.@Nullable List<String>> maybeRows,
      java.util.Map<String, java.util.List<java.util.Map<String, @Nullable Integer>>> nested,
      java.util.List<String>[] arrays, Optional<java.util.List<String>> maybeList,
      java.util.Map<String, java.util.List<Cell>> cells) {}

  @Test
  void theNullRuleInRecordsHoldsAtEveryDepth() throws Exception {
    String valid = "{\"sparseByKey\":{\"a\":[null,\"x\"]},\"maybeRows\":[null,[\"r\"]],"
        + "\"nested\":{\"n\":[{\"k\":null,\"j\":1}]},\"arrays\":[[\"s\"]],\"maybeList\":[\"m\"],"
        + "\"cells\":{\"c\":[{\"notes\":[null],\"tags\":[\"t\"]}]}}";
    Deep read = JSON.readValue(valid, Deep.class);
    assertThat(read.sparseByKey().get("a")).containsExactly(null, "x");
    assertThat(read.maybeRows()).containsExactly(null, java.util.List.of("r"));
    assertThat(read.nested().get("n").getFirst()).containsEntry("k", null).containsEntry("j", 1);
    assertThat(read.cells().get("c").getFirst().notes()).containsExactly((String) null);
    // Each null where its own level forbids it, however deep, is refused with its path.
    assertRejectedAt(valid.replace("{\"a\":[null,\"x\"]}", "{\"a\":null}"), "sparseByKey", "a");
    assertRejectedAt(valid.replace("[null,[\"r\"]]", "[null,[\"r\",null]]"), "maybeRows", "1", "1");
    assertRejectedAt(valid.replace("{\"n\":[{\"k\":null,\"j\":1}]}", "{\"n\":[{\"k\":null},null]}"), "nested", "n", "1");
    assertRejectedAt(valid.replace("[[\"s\"]]", "[[\"s\"],[null]]"), "arrays", "1", "0");
    assertRejectedAt(valid.replace("[[\"s\"]]", "[null]"), "arrays", "0");
    assertRejectedAt(valid.replace("\"maybeList\":[\"m\"]", "\"maybeList\":[\"m\",null]"), "maybeList", "1");
    assertRejectedAt(valid.replace("\"tags\":[\"t\"]", "\"tags\":[null]"), "cells", "c", "0", "tags", "0");
    assertRejectedAt(valid.replace("\"c\":[{", "\"c\":[null,{"), "cells", "c", "0");
    // An absent or null Optional is still empty.
    assertThat(JSON.readValue(valid.replace("\"maybeList\":[\"m\"]", "\"maybeList\":null"), Deep.class).maybeList()).isEmpty();
  }

  /** Recursive through a container: its reader is built while the record's own reader is being built. */
  record Tree(String name, java.util.List<Tree> children, java.util.Map<String, @Nullable Tree> byName) {}

  @Test
  void recursiveRecordsThroughContainersAreCheckedToo() throws Exception {
    Tree tree = JSON.readValue("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[],\"byName\":{\"x\":null}}],"
        + "\"byName\":{}}", Tree.class);
    assertThat(tree.children().getFirst().byName()).containsEntry("x", null);
    assertThatThrownBy(() -> JSON.readValue("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[null],"
        + "\"byName\":{}}],\"byName\":{}}", Tree.class)).isInstanceOf(MismatchedInputException.class)
        .satisfies(e -> assertThat(((MismatchedInputException) e).getPath())
            .extracting(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
            .containsExactly("children", "0", "children", "0"));
  }

  private static void assertRejectedAt(String json, String... path) {
    assertThatThrownBy(() -> JSON.readValue(json, Deep.class)).as(json).isInstanceOf(MismatchedInputException.class)
        .satisfies(e -> assertThat(((MismatchedInputException) e).getPath())
            .extracting(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
            .containsExactly(path));
  }

  @Test
  void topLevelContainersAreCheckedAgainstTheirDeclaredType() throws Exception {
    java.lang.reflect.Type names = dev.poto.protocol.GenericTypes.generic(java.util.List.class, String.class);
    java.lang.reflect.Type sparse = dev.poto.protocol.GenericTypes.generic(java.util.List.class,
        dev.poto.protocol.GenericTypes.nullable(String.class));
    java.util.List<String> withNull = java.util.Arrays.asList("a", null);
    NullElements.check(withNull, sparse);
    NullElements.check(java.util.List.of("a"), names);
    assertThatThrownBy(() -> NullElements.check(withNull, names)).isInstanceOf(StrictValueException.class)
        .satisfies(e -> assertThat(((MismatchedInputException) e).getPath().getFirst().getIndex()).isEqualTo(1));
    java.lang.reflect.Type grid = dev.poto.protocol.GenericTypes.generic(java.util.Map.class, String.class,
        dev.poto.protocol.GenericTypes.arrayOf(dev.poto.protocol.GenericTypes.generic(java.util.List.class, Integer.class)));
    java.util.Map<String, Object> holey = java.util.Map.of("k", new java.util.List<?>[] {java.util.List.of(1), java.util.Arrays.asList(2, null)});
    assertThatThrownBy(() -> NullElements.check(holey, grid)).isInstanceOf(StrictValueException.class)
        .satisfies(e -> assertThat(((MismatchedInputException) e).getPath()).extracting(r -> r.getFieldName() + r.getIndex())
            .containsExactly("k-1", "null1", "null1"));
    assertThatThrownBy(() -> NullElements.check(new String[] {null}, String[].class)).isInstanceOf(StrictValueException.class);
    // The mark resolves to the type it marks.
    assertThat(JSON.getTypeFactory().constructType(sparse)).isEqualTo(JSON.getTypeFactory().constructType(names));
  }

  @Test
  void aDateIsReadOnlyFromItsIsoText() throws Exception {
    java.util.Date date = new java.util.Date(-1);
    String written = JSON.writeValueAsString(date);
    assertThat(written).isEqualTo("\"1969-12-31T23:59:59.999+00:00\"");
    assertThat(read(written, java.util.Date.class)).isEqualTo(date);
    assertThat(read("\"1969-12-31T23:59:59.999Z\"", java.util.Date.class)).isEqualTo(date);
    for (String epoch : java.util.List.of("-1", "1700000000000", "\"1700000000000\"", "\"-1\"", "1.5", "[1969,12,31]")) {
      assertRejected(epoch, java.util.Date.class);
    }
  }

  @Test
  void numbersKeepTheirValueOrFail() throws Exception {
    assertThat(read("{\"tiny\":-128,\"ratio\":-0.0,\"amount\":\"-Infinity\"}", Scales.class))
        .isEqualTo(new Scales((byte) -128, -0f, Double.NEGATIVE_INFINITY));
    assertRejected("{\"tiny\":200,\"ratio\":0,\"amount\":0}", Scales.class);
    assertRejected("{\"tiny\":0,\"ratio\":1e39,\"amount\":0}", Scales.class);
    assertRejected("{\"tiny\":0,\"ratio\":0,\"amount\":1e400}", Scales.class);
    assertRejected("{\"tiny\":0,\"ratio\":0,\"amount\":\"INF\"}", Scales.class);
    assertRejected("{\"tiny\":1.5,\"ratio\":0,\"amount\":0}", Scales.class);
    assertRejected("1.9", int.class);
    assertRejected("\"5\"", Integer.class);
    assertRejected("12345", String.class);
    assertRejected("1 2", int.class);
    assertThat(Float.floatToRawIntBits(read("-0.0", float.class))).isEqualTo(Float.floatToRawIntBits(-0f));
  }

  @Test
  void aDateCountsDaysInTheProlepticGregorianCalendarAsJavaScriptDoes() throws Exception {
    // Millis of JavaScript's Date.UTC(y, 0, 1) and the text its toISOString writes for them.
    java.util.Map<Long, String> dates = new java.util.LinkedHashMap<>();
    dates.put(-30610224000000L, "1000-01-01T00:00:00.000+00:00"); // Jackson's Julian text was 0999-12-27
    dates.put(-62167219200000L, "0000-01-01T00:00:00.000+00:00");
    dates.put(-62198755200000L, "-0001-01-01T00:00:00.000+00:00");
    dates.put(253402300800000L, "+10000-01-01T00:00:00.000+00:00");
    dates.put(8640000000000000L, "+275760-09-13T00:00:00.000+00:00");
    dates.put(-8640000000000000L, "-271821-04-20T00:00:00.000+00:00");
    dates.put(Long.MAX_VALUE, "+292278994-08-17T07:12:55.807+00:00");
    dates.put(Long.MIN_VALUE, "-292275055-05-16T16:47:04.192+00:00");
    for (var date : dates.entrySet()) {
      java.util.Date value = new java.util.Date(date.getKey());
      assertThat(JSON.writeValueAsString(value)).isEqualTo("\"" + date.getValue() + "\"");
      assertThat(read("\"" + date.getValue() + "\"", java.util.Date.class)).isEqualTo(value);
    }
    // JavaScript's own forms of the same instants (six-digit signed years, Z) mean the same.
    assertThat(read("\"1000-01-01T00:00:00.000Z\"", java.util.Date.class).getTime()).isEqualTo(-30610224000000L);
    assertThat(read("\"-000001-01-01T00:00:00.000Z\"", java.util.Date.class).getTime()).isEqualTo(-62198755200000L);
    assertThat(read("\"+010000-01-01T00:00:00.000Z\"", java.util.Date.class).getTime()).isEqualTo(253402300800000L);
    assertThat(read("\"2024-01-01T05:30:00+05:30\"", java.util.Date.class).getTime()).isEqualTo(1704067200000L);
    // A fraction a Date would cut, a text without offset (whose instant depends on the reader), other forms.
    for (String text : java.util.List.of("\"2024-01-01T00:00:00.0000001Z\"", "\"2024-01-01T00:00:00.123456Z\"",
        "\"2024-01-01T00:00:00\"", "\"2024-01-01\"", "\"Mon, 01 Jan 2024 00:00:00 GMT\"", "\"+300000000-01-01T00:00:00Z\"",
        "\"2024-02-30T00:00:00Z\"", "\"\"")) {
      assertRejected(text, java.util.Date.class);
    }
    assertThat(read("\"2024-01-01T00:00:00.120000000Z\"", java.util.Date.class).getTime()).isEqualTo(1704067200120L);
  }

  @Test
  void aFloatTakesOnlyNumbersThatNameAFloat() throws Exception {
    // The float as Java writes it (what a client holds after reading one), in any spelling of that number.
    for (String text : java.util.List.of("0.1", "1e-1", "16777216", "1.6777216E7", "1.4E-45", "3.4028235E38", "-0.0",
        "0", "1.1754944E-38", "0.3", "1e10", "123456.79", "-7.0E-45")) {
      float value = read(text, float.class);
      assertThat(value).as(text).isEqualTo(Float.parseFloat(text));
      assertThat(read("[" + text + "]", float[].class)).as(text).containsExactly(value);
    }
    // Numbers a float would change: they would come back as another number.
    for (String text : java.util.List.of("16777217", "123456.789", "0.100000001", "0.10000000149011612",
        "3.4028235677973366e38", "1e-45", "1.17549435E-38", "0.30000000000000004")) {
      assertRejected(text, float.class);
      assertRejected(text, Float.class);
      assertRejected("[" + text + "]", float[].class);
      assertRejected("{\"tiny\":0,\"ratio\":" + text + ",\"amount\":0}", Scales.class);
    }
  }

  @Test
  void primitiveArraysOfFloatingTypesKeepTheElementRules() throws Exception {
    assertThat(read("[-0.0,\"NaN\",\"Infinity\",\"-Infinity\",4.9E-324]", double[].class))
        .containsExactly(-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE);
    assertThat(Double.doubleToRawLongBits(read("[-0.0]", double[].class)[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(read("[]", float[].class)).isEmpty();
    assertThat(read("[1,2,3,4,5,6,7,8,9]", double[].class)).hasSize(9);
    for (String text : java.util.List.of("[1e400]", "[1e-400]", "[null]", "[\"1\"]", "[\"nan\"]", "[true]", "[[1]]", "1", "{}")) {
      assertRejected(text, double[].class);
    }
    for (String text : java.util.List.of("[1e39]", "[1e-50]", "[null]", "[\"1.5\"]")) {
      assertRejected(text, float[].class);
    }
    // The path names the element.
    assertThatThrownBy(() -> read("[1,2,1e400]", double[].class)).isInstanceOfSatisfying(MismatchedInputException.class,
        e -> assertThat(e.getPath()).extracting(com.fasterxml.jackson.databind.JsonMappingException.Reference::getIndex).containsExactly(2));
  }

  @Test
  void bytesAreBase64TextNeverAnArrayOfNumbers() throws Exception {
    assertThat(read("\"AP+A\"", byte[].class)).containsExactly(0, -1, -128);
    assertRejected("[200]", byte[].class); // Jackson's array form read 200 as -56
    assertRejected("[1,2]", byte[].class);
    assertRejected("12", byte[].class);
  }

  @Test
  void exactNumbersTakeAsciiDigitsOnly() throws Exception {
    assertThat(read("\"-12.50\"", java.math.BigDecimal.class)).isEqualTo(new java.math.BigDecimal("-12.50"));
    // new BigDecimal("\u0661") is 1: digits of other scripts are not the wire's.
    for (String digits : java.util.List.of("\"\u0661\"", "\"\uff11\"", "\"1\u0660\"", "\"\u0967.5\"")) {
      assertRejected(digits, java.math.BigDecimal.class);
      if (!digits.contains(".")) {
        assertRejected(digits, java.math.BigInteger.class);
      }
    }
  }

  @Test
  void mapKeysAreReadOnlyInTheFormJavaWritesThemSoNoEntryIsDropped() throws Exception {
    var ints = new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<Integer, String>>() {};
    assertThat(JSON.readValue("{\"-2147483648\":\"a\",\"0\":\"b\",\"5\":\"c\"}", ints)).containsOnlyKeys(Integer.MIN_VALUE, 0, 5);
    // Each of these was another spelling of a key: {"5":"a","05":"b"} became {5=b}.
    for (String key : java.util.List.of("05", "+5", "-0", "\u0661", " 5", "5 ", "", "1e3", "2147483648")) {
      assertThatThrownBy(() -> JSON.readValue("{\"" + key + "\":\"x\"}", ints)).as(key).isInstanceOf(MismatchedInputException.class);
    }
    assertThatThrownBy(() -> JSON.readValue("{\"5\":\"a\",\"05\":\"b\"}", ints)).isInstanceOf(MismatchedInputException.class);
    var bytes = new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<Byte, String>>() {};
    assertThat(JSON.readValue("{\"-128\":\"a\",\"127\":\"b\"}", bytes)).containsOnlyKeys((byte) -128, (byte) 127);
    assertThatThrownBy(() -> JSON.readValue("{\"200\":\"a\"}", bytes)).isInstanceOf(MismatchedInputException.class); // was -56
    var longs = new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<Long, String>>() {};
    assertThat(JSON.readValue("{\"9223372036854775807\":\"a\"}", longs)).containsOnlyKeys(Long.MAX_VALUE);
    assertThatThrownBy(() -> JSON.readValue("{\"007\":\"a\"}", longs)).isInstanceOf(MismatchedInputException.class);
    var ids = new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<java.util.UUID, String>>() {};
    assertThat(JSON.readValue("{\"0000000a-0000-0000-0000-000000000000\":\"a\"}", ids)).hasSize(1);
    assertThatThrownBy(() -> JSON.readValue("{\"0000000a-0000-0000-0000-000000000000\":\"a\",\"0000000A-0000-0000-0000-000000000000\":\"b\"}", ids))
        .isInstanceOf(MismatchedInputException.class);
    var days = new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<java.time.LocalDate, String>>() {};
    assertThat(JSON.readValue("{\"2024-02-29\":\"a\",\"+10000-01-01\":\"b\",\"-0001-12-31\":\"c\"}", days)).hasSize(3);
    assertThatThrownBy(() -> JSON.readValue("{\"2024-02-30\":\"a\"}", days)).isInstanceOf(MismatchedInputException.class);
    var months = new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<java.time.YearMonth, String>>() {};
    assertThat(JSON.readValue("{\"2024-02\":\"a\",\"12345-01\":\"b\",\"0005-01\":\"c\"}", months)).hasSize(3);
    assertThatThrownBy(() -> JSON.readValue("{\"5-01\":\"a\"}", months)).isInstanceOf(MismatchedInputException.class);
    // Whatever Java writes as a key reads back as that key.
    java.util.Map<Object, String> written = new java.util.LinkedHashMap<>();
    for (Object key : java.util.List.<Object>of(Integer.MIN_VALUE, -1, 0)) {
      written.put(key, "v");
    }
    assertThat(JSON.readValue(JSON.writeValueAsString(written), ints)).containsOnlyKeys(Integer.MIN_VALUE, -1, 0);
  }

  @Test
  void anOptionalDoubleKeepsTheDoubleRules() throws Exception {
    assertThat(read("-0.0", java.util.OptionalDouble.class)).isEqualTo(java.util.OptionalDouble.of(-0.0));
    assertThat(read("\"NaN\"", java.util.OptionalDouble.class)).isEqualTo(java.util.OptionalDouble.of(Double.NaN));
    assertThat(read("null", java.util.OptionalDouble.class)).isEqualTo(java.util.OptionalDouble.empty());
    assertRejected("1e400", java.util.OptionalDouble.class); // was Infinity
    assertRejected("1e-400", java.util.OptionalDouble.class); // was 0.0
    assertRejected("\"1.5\"", java.util.OptionalDouble.class);
    assertRejected("true", java.util.OptionalDouble.class);
    assertRejected("[1]", java.util.OptionalDouble.class);
    assertThat(read("{}", Gauge.class)).isEqualTo(new Gauge(java.util.OptionalDouble.empty()));
    assertThat(read("{\"level\":null}", Gauge.class)).isEqualTo(new Gauge(java.util.OptionalDouble.empty()));
    assertThat(read("{\"level\":2.5}", Gauge.class)).isEqualTo(new Gauge(java.util.OptionalDouble.of(2.5)));
    assertRejected("{\"level\":1e400}", Gauge.class);
  }

  enum Flavor { SWEET, SOUR }

  record Tags(java.util.Set<String> names, java.util.SortedSet<Integer> sorted, java.util.EnumSet<Flavor> flavors) {}

  @Test
  void aSetTakesEachElementOnceAndKeepsTheOrderSent() throws Exception {
    var ints = new com.fasterxml.jackson.core.type.TypeReference<java.util.Set<Integer>>() {};
    assertThat(JSON.readValue("[3,1,2]", ints)).containsExactly(3, 1, 2);
    // [1,1] was {1}: the method saw fewer elements than were sent.
    assertThatThrownBy(() -> JSON.readValue("[1,2,1]", ints)).isInstanceOfSatisfying(MismatchedInputException.class, e -> {
      assertThat(e.getOriginalMessage()).contains("a set holds each element once: 1 repeats an earlier element");
      assertThat(e.getPath()).extracting(com.fasterxml.jackson.databind.JsonMappingException.Reference::getIndex).containsExactly(2);
    });
    var ids = new com.fasterxml.jackson.core.type.TypeReference<java.util.HashSet<java.util.UUID>>() {};
    assertThatThrownBy(() -> JSON.readValue("[\"0000000a-0000-0000-0000-000000000000\",\"0000000A-0000-0000-0000-000000000000\"]", ids))
        .isInstanceOf(MismatchedInputException.class);
    assertThat(read("{\"names\":[\"b\",\"a\"],\"sorted\":[2,1],\"flavors\":[\"SOUR\"]}", Tags.class))
        .isEqualTo(new Tags(java.util.Set.of("a", "b"), new java.util.TreeSet<>(java.util.List.of(1, 2)), java.util.EnumSet.of(Flavor.SOUR)));
    assertRejected("{\"names\":[\"a\",\"a\"],\"sorted\":[],\"flavors\":[]}", Tags.class);
    assertRejected("{\"names\":[],\"sorted\":[1,1],\"flavors\":[]}", Tags.class);
    assertRejected("{\"names\":[],\"sorted\":[],\"flavors\":[\"SOUR\",\"SWEET\",\"SOUR\"]}", Tags.class);
    assertThatThrownBy(() -> read("{\"names\":[\"x\",\"y\",\"x\"],\"sorted\":[],\"flavors\":[]}", Tags.class))
        .isInstanceOfSatisfying(MismatchedInputException.class, e -> assertThat(e.getPathReference()).contains("names").contains("[2]"));
    // Lists keep every element, repeated or not.
    var list = new com.fasterxml.jackson.core.type.TypeReference<java.util.List<Integer>>() {};
    assertThat(JSON.readValue("[1,1]", list)).containsExactly(1, 1);
  }

  @Test
  void duplicateKeysAreBrokenJson() {
    assertThatThrownBy(() -> read("{\"tiny\":1,\"tiny\":2,\"ratio\":0,\"amount\":0}", Scales.class))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'tiny'");
  }

  @Test
  void nestingIsBoundedWhenReadingAndWriting() throws Exception {
    int levels = Protocol.MAX_NESTING_DEPTH;
    String deepest = "{\"next\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    assertThat(read(deepest, Link.class)).isNotNull();
    String tooDeep = "{\"next\":".repeat(levels) + "{}" + "}".repeat(levels);
    assertThatThrownBy(() -> read(tooDeep, Link.class)).isInstanceOf(JsonProcessingException.class);
    Link chain = null;
    for (int i = 0; i <= levels; i++) {
      chain = new Link(chain);
    }
    Link writable = chain.next();
    assertThat(read(JSON.writeValueAsString(writable), Link.class)).isEqualTo(writable);
    Link unwritable = chain;
    assertThatThrownBy(() -> JSON.writeValueAsString(unwritable)).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void utf8TextIsCheckedStrictly() {
    assertThat(Utf8Text.firstInvalid(utf8("{\"a\":\"é😀\u2028\"}"), 0, utf8("{\"a\":\"é😀\u2028\"}").length)).isEqualTo(-1);
    assertInvalidAt(1, 'x', 0xC0, 0xAF);            // overlong '/'
    assertInvalidAt(1, 'x', 0xC1, 0xBF);            // overlong
    assertInvalidAt(1, 'x', 0xE0, 0x9F, 0xBF);      // overlong, three bytes
    assertInvalidAt(1, 'x', 0xF0, 0x8F, 0xBF, 0xBF); // overlong, four bytes
    assertInvalidAt(1, 'x', 0xED, 0xA0, 0x80);      // U+D800 encoded
    assertInvalidAt(1, 'x', 0xED, 0xBF, 0xBF);      // U+DFFF encoded
    assertInvalidAt(1, 'x', 0xF4, 0x90, 0x80, 0x80); // U+110000
    assertInvalidAt(1, 'x', 0x80);                  // lone continuation
    assertInvalidAt(1, 'x', 0xE2, 0x82);            // truncated at the end
    assertInvalidAt(1, 'x', 0xE2, 0x82, 'y');       // truncated in the middle
    assertInvalidAt(1, 'x', 0xF8, 0x88, 0x80, 0x80, 0x80); // five-byte form
    assertInvalidAt(1, '{', 0x00);                  // NUL: UTF-16 or UTF-32
    assertInvalidAt(0, 0xEF, 0xBB, 0xBF, '{', '}'); // byte-order mark
    assertInvalidAt(0, 0xFE, 0xFF, 0x00, '{');      // UTF-16 BOM
    assertThat(Utf8Text.firstInvalid(bytes('x', 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF), 0, 11))
        .isEqualTo(-1); // U+D7FF, U+E000, U+10FFFF
    byte[] window = bytes(0x80, 'a', 'b', 0x80);
    assertThat(Utf8Text.firstInvalid(window, 1, 2)).isEqualTo(-1); // only the given range counts
  }

  private static void assertInvalidAt(int index, int... values) {
    assertThat(Utf8Text.firstInvalid(bytes(values), 0, values.length)).isEqualTo(index);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertRejected(String json, Class<?> type) {
    assertThatThrownBy(() -> read(json, type)).as(json).isInstanceOf(MismatchedInputException.class);
  }

  /**
   * Decodes as both ends do: with the mapper and, for a type the direct record reader takes, with
   * that reader too, which must give the same value or the same failure.
   */
  static <T> T read(String json, Class<T> type) throws Exception {
    byte[] bytes = utf8(json);
    com.fasterxml.jackson.databind.ObjectReader reader = JSON.readerFor(type);
    DirectRecordReader direct = DirectRecordReader.forType(JSON, reader);
    T expected;
    try {
      expected = reader.readValue(bytes);
    } catch (Exception failure) {
      if (direct != null) {
        assertThatThrownBy(() -> direct.readValue(bytes, 0, bytes.length)).as(json)
            .isInstanceOf(failure.getClass()).hasMessage(failure.getMessage());
      }
      throw failure;
    }
    if (direct != null) {
      T directly = direct.readValue(bytes, 0, bytes.length);
      assertThat(directly).as(json).usingRecursiveComparison().isEqualTo(expected);
    }
    return expected;
  }
}
