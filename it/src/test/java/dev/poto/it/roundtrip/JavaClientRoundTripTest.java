package dev.poto.it.roundtrip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poto.client.PotoClient;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.PotoServer;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Edge values of every supported type through the generated Java client against a live server, as
 * arguments, results and stream items: each must come back exactly as sent (equal, with the same
 * sign of zero, the same NaN, the same scale, the same nanoseconds and offset).
 */
class JavaClientRoundTripTest {
  private static PotoServer server;
  private static PotoClient client;
  private static RoundTripModuleClient echo;

  static final List<String> STRINGS = List.of(
      "", "a", "héllo wörld", "日本語", "😀 emoji 👩‍👩‍👧", "\ud800", "x\udc00y", "\udbff", "\u2028\u2029",
      "nul\u0000byte", "\u0001\u001f\u007f\u0085", "\ufeffbom", "\uffff\ufffe", "\"quoted\" \\back/slash",
      "line\nbreak\r\ttab", "</script>");
  static final char[] CHARS = {
      '\0', 'a', 'é', '\u2028', '\u2029', '\ud800', '\udfff', '\ufffd', '\uffff', '"', '\\', '\n', '\u007f'};

  @BeforeAll
  static void start() {
    server = PotoServer.builder().host("127.0.0.1").port(0).module(new RoundTripModule())
        .jwt(jwt -> jwt.secret("roundtrip-secret-0123456789abcdef")).build().start();
    client = PotoClient.create("http://127.0.0.1:" + server.port());
    echo = new RoundTripModuleClient(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.stop();
  }

  @Test
  void primitivesAtTheirEdges() {
    for (boolean value : new boolean[] {true, false}) {
      assertEquals(value, echo.echoBoolean(value));
    }
    for (byte value : new byte[] {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE}) {
      assertEquals(value, echo.echoByte(value));
    }
    for (short value : new short[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE}) {
      assertEquals(value, echo.echoShort(value));
    }
    for (char value : CHARS) {
      assertEquals(value, echo.echoChar(value), "U+" + Integer.toHexString(value));
    }
    for (int value : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
      assertEquals(value, echo.echoInt(value));
    }
    for (long value : new long[] {Long.MIN_VALUE, -(1L << 53) - 1, -1, 0, (1L << 53) + 1, Long.MAX_VALUE}) {
      assertEquals(value, echo.echoLong(value));
    }
    for (float value : FLOATS) {
      assertEquals(value, echo.echoFloat(value), "float " + value); // bitwise: -0.0 != 0.0, NaN == NaN
    }
    for (double value : DOUBLES) {
      assertEquals(value, echo.echoDouble(value), "double " + value);
    }
  }

  static final float[] FLOATS = {
      0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
      Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.1f, 1f / 3, 16777216f, 3.4028235E38f};
  static final double[] DOUBLES = {
      0d, -0d, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1d / 3, 9007199254740993d, 1e-300, 4.9e-324};

  @Test
  void boxesAtTheirEdgesAndNull() {
    assertEquals(null, echo.echoBooleanBox(null));
    assertEquals(Boolean.FALSE, echo.echoBooleanBox(false));
    assertEquals(null, echo.echoByteBox(null));
    assertEquals(Byte.MIN_VALUE, echo.echoByteBox(Byte.MIN_VALUE));
    assertEquals(Byte.MAX_VALUE, echo.echoByteBox(Byte.MAX_VALUE));
    assertEquals(null, echo.echoShortBox(null));
    assertEquals(Short.MIN_VALUE, echo.echoShortBox(Short.MIN_VALUE));
    assertEquals(null, echo.echoCharBox(null));
    for (char value : CHARS) {
      assertEquals(value, echo.echoCharBox(value), "U+" + Integer.toHexString(value));
    }
    assertEquals(null, echo.echoIntBox(null));
    assertEquals(Integer.MIN_VALUE, echo.echoIntBox(Integer.MIN_VALUE));
    assertEquals(null, echo.echoLongBox(null));
    assertEquals(Long.MAX_VALUE, echo.echoLongBox(Long.MAX_VALUE));
    assertEquals(null, echo.echoFloatBox(null));
    for (float value : FLOATS) {
      assertEquals(Float.valueOf(value), echo.echoFloatBox(value), "Float " + value);
    }
    assertEquals(null, echo.echoDoubleBox(null));
    for (double value : DOUBLES) {
      assertEquals(Double.valueOf(value), echo.echoDoubleBox(value), "Double " + value);
    }
  }

  @Test
  void stringsWithEveryKindOfCharacter() {
    for (String value : STRINGS) {
      assertEquals(value, echo.echoString(value), () -> "string " + escape(value));
    }
    String huge = "é😀\u2028x".repeat(50_000); // 250,000 chars, 450 KB of UTF-8 and escapes
    assertEquals(huge, echo.echoString(huge));
    assertEquals(null, echo.echoNullableString(null));
    assertEquals("", echo.echoNullableString(""));
  }

  @Test
  void exactNumbersKeepValueAndScale() {
    for (String text : List.of("0", "0.00", "1.10", "1.1", "-1.1", "1E+3", "-0.000", "1E-999", "9E+999",
        "123456789012345678901234567890.123456789012345678901234567890", "0." + "1".repeat(900))) {
      BigDecimal value = new BigDecimal(text);
      BigDecimal back = echo.echoBigDecimal(value);
      assertEquals(value, back, text); // BigDecimal.equals compares the scale too
      assertEquals(value.scale(), back.scale(), text);
    }
    for (BigInteger value : List.of(BigInteger.ZERO, BigInteger.ONE.negate(), BigInteger.TWO.pow(64),
        BigInteger.TWO.pow(200).negate(), BigInteger.TEN.pow(999))) {
      assertEquals(value, echo.echoBigInteger(value));
    }
  }

  @Test
  void identifiersEnumsAndBytes() {
    for (UUID value : List.of(new UUID(0, 0), new UUID(-1, -1), UUID.randomUUID())) {
      assertEquals(value, echo.echoUuid(value));
    }
    for (Suit value : Suit.values()) {
      assertEquals(value, echo.echoEnum(value));
    }
    assertArrayEquals(new byte[0], echo.echoBytes(new byte[0]));
    assertArrayEquals(ALL_BYTES, echo.echoBytes(ALL_BYTES));
  }

  static final byte[] ALL_BYTES = allBytes();

  private static byte[] allBytes() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void timesKeepNanosecondsAndOffsets() {
    for (Instant value : List.of(Instant.EPOCH, Instant.parse("1970-01-01T00:00:00.000000001Z"),
        Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T12:00:00.100Z"), Instant.MIN, Instant.MAX)) {
      assertEquals(value, echo.echoInstant(value));
    }
    for (OffsetDateTime value : List.of(
        OffsetDateTime.of(2024, 3, 31, 2, 30, 0, 1, ZoneOffset.ofHours(14)),
        OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.ofHours(-12)),
        OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 45)),
        OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))) {
      assertEquals(value, echo.echoOffsetDateTime(value)); // equals compares the offset too
    }
    for (LocalDate value : List.of(LocalDate.of(1, 1, 1), LocalDate.of(2024, 2, 29), LocalDate.of(9999, 12, 31))) {
      assertEquals(value, echo.echoLocalDate(value));
    }
    for (LocalDateTime value : List.of(LocalDateTime.of(2024, 3, 31, 2, 30), // a DST gap in Europe
        LocalDateTime.of(2024, 10, 27, 2, 30, 0, 123_456_789), LocalDateTime.of(1, 1, 1, 0, 0))) {
      assertEquals(value, echo.echoLocalDateTime(value));
    }
    for (Duration value : List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1),
        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE), Duration.ofDays(-400))) {
      assertEquals(value, echo.echoDuration(value));
    }
  }

  @Test
  void containersEmptyNestedAndWithOddKeys() {
    assertEquals(List.of(), echo.echoList(List.of()));
    assertEquals(STRINGS, echo.echoList(STRINGS));
    List<String> sparse = Arrays.asList(null, "", null);
    assertEquals(sparse, echo.echoSparseList(sparse));
    assertEquals(Set.of(), echo.echoSet(Set.of()));
    assertEquals(Set.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE), echo.echoSet(Set.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE)));
    assertEquals(Map.of(), echo.echoMap(Map.of()));
    Map<String, Long> odd = new LinkedHashMap<>();
    for (String key : List.of("", "__proto__", "constructor", "a.b", "[0]", "😀", "\u0000", "\u2028")) {
      odd.put(key, (long) odd.size() - 4);
    }
    odd.put("max", Long.MAX_VALUE);
    assertEquals(odd, echo.echoMap(odd));
    Map<Suit, Double> bySuit = Map.of(Suit.HEARTS, -0.0, Suit.SPADES, Double.NaN, Suit.NO_TRUMP, Double.NEGATIVE_INFINITY);
    assertEquals(bySuit, echo.echoEnumMap(bySuit));
    assertArrayEquals(new int[0], echo.echoIntArray(new int[0]));
    assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, echo.echoIntArray(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}));
    String[] words = STRINGS.toArray(String[]::new);
    assertArrayEquals(words, echo.echoStringArray(words));
    double[][] grid = {{}, {-0.0, Double.NaN, Double.MIN_VALUE}, {Double.POSITIVE_INFINITY}};
    assertEquals(grid.length, echo.echoGrid(grid).length);
    for (int row = 0; row < grid.length; row++) {
      assertArrayEquals(grid[row], echo.echoGrid(grid)[row]); // bitwise, so -0.0 is checked
    }
    List<List<Integer>> nested = List.of(List.of(), List.of(1, 2), List.of(Integer.MIN_VALUE));
    assertEquals(nested, echo.echoNestedList(nested));
  }

  @Test
  void optionalsPresentAndEmpty() {
    assertEquals(Optional.empty(), echo.echoOptional(Optional.empty()));
    assertEquals(Optional.of(""), echo.echoOptional(Optional.of("")));
    assertEquals(Optional.of("\ud800"), echo.echoOptional(Optional.of("\ud800")));
    for (OptionalInt value : List.of(OptionalInt.empty(), OptionalInt.of(0), OptionalInt.of(Integer.MIN_VALUE), OptionalInt.of(Integer.MAX_VALUE))) {
      assertEquals(value, echo.echoOptionalInt(value));
    }
    for (OptionalLong value : List.of(OptionalLong.empty(), OptionalLong.of(Long.MIN_VALUE), OptionalLong.of(Long.MAX_VALUE))) {
      assertEquals(value, echo.echoOptionalLong(value));
    }
    for (OptionalDouble value : List.of(OptionalDouble.empty(), OptionalDouble.of(-0.0), OptionalDouble.of(Double.NaN),
        OptionalDouble.of(Double.NEGATIVE_INFINITY), OptionalDouble.of(Double.MIN_VALUE))) {
      assertEquals(value, echo.echoOptionalDouble(value)); // OptionalDouble.equals compares like Double.compare
    }
  }

  @Test
  void beansAndDatesComeBackExactly() {
    Account account = new Account("ada", Integer.MIN_VALUE, null, "");
    assertEquals(account, echo.echoAccount(account));
    Account noted = new Account("\ud800", Integer.MAX_VALUE, "n", "t");
    assertEquals(noted, echo.echoAccount(noted));
    // Years before 1, before the Gregorian reform (1000-01-01), beyond 9999, and Date's whole range.
    for (long millis : new long[] {-1, 0, 1, -62135596800000L, 253402300799999L, -30610224000000L, -62198755200000L,
        253402300800000L, Long.MIN_VALUE, Long.MAX_VALUE}) {
      assertEquals(new java.util.Date(millis), echo.echoDate(new java.util.Date(millis)));
    }
  }

  @Test
  void aResultMissingANonNullablePropertyIsRefusedByTheClient() {
    dev.poto.protocol.RpcException refused =
        org.junit.jupiter.api.Assertions.assertThrows(dev.poto.protocol.RpcException.class, echo::accountWithoutOwner);
    assertEquals(dev.poto.protocol.ProblemCodes.INVALID_RESPONSE, refused.code());
    dev.poto.protocol.RpcException nullElement =
        org.junit.jupiter.api.Assertions.assertThrows(dev.poto.protocol.RpcException.class, echo::listWithNull);
    assertEquals(dev.poto.protocol.ProblemCodes.INVALID_RESPONSE, nullElement.code());
    // A nullable element type takes it.
    assertEquals(Arrays.asList("a", null), echo.echoSparseList(Arrays.asList("a", null)));
  }

  @Test
  void theNullRuleHoldsAtEveryDepthOfNestedRecords() {
    RoundTripModule.Deep inner = new RoundTripModule.Deep(Map.of("x", Arrays.asList(null, "y")),
        Arrays.asList(null, List.of()), Map.of(), null);
    RoundTripModule.Deep deep = new RoundTripModule.Deep(Map.of("a", Arrays.asList("p", null)),
        Arrays.asList(List.of("r"), null),
        Map.of("c", List.of(new RoundTripModule.Cell(Arrays.asList(null, "n"), List.of("t")))), inner);
    assertEquals(deep, echo.echoDeep(deep));
    // The server writes a null the type forbids four levels down; the Java client refuses the answer.
    dev.poto.protocol.RpcException refused =
        org.junit.jupiter.api.Assertions.assertThrows(dev.poto.protocol.RpcException.class, echo::deepWithNull);
    assertEquals(dev.poto.protocol.ProblemCodes.INVALID_RESPONSE, refused.code());
  }

  @Test
  void recordsWithEveryTypeFullAndWithNulls() {
    for (Values value : List.of(full(), withNulls())) {
      assertExact(value, echo.echoValues(value));
    }
  }

  @Test
  void nestingJustUnderTheLimitComesBack() {
    Nest deep = Nest.chain(NEST_LINKS);
    assertEquals(deep, echo.echoNest(deep));
    try (Stream<Nest> items = echo.streamNests(List.of(deep, Nest.chain(1)))) {
      assertEquals(List.of(deep, Nest.chain(1)), items.toList());
    }
  }

  /** The longest chain that, as an item of a list in the body's object, stays within the nesting limit. */
  static final int NEST_LINKS = Protocol.MAX_NESTING_DEPTH - 2;

  @Test
  void streamItemsComeBackExactly() {
    try (Stream<String> items = echo.streamStrings(STRINGS)) {
      assertEquals(STRINGS, items.toList());
    }
    List<Long> longs = List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE);
    try (Stream<Long> items = echo.streamLongs(longs)) {
      assertEquals(longs, items.toList());
    }
    List<Double> doubles = new ArrayList<>();
    for (double value : DOUBLES) {
      doubles.add(value);
    }
    try (Stream<Double> items = echo.streamDoubles(doubles)) {
      assertEquals(doubles, items.toList()); // Double.equals: bitwise up to NaN
    }
    try (Stream<Double> items = echo.streamDoubles(List.of())) {
      assertEquals(List.of(), items.toList());
    }
    List<Values> values = List.of(full(), withNulls());
    try (Stream<Values> items = echo.streamValues(values)) {
      List<Values> back = items.toList();
      assertEquals(values.size(), back.size());
      for (int i = 0; i < values.size(); i++) {
        assertExact(values.get(i), back.get(i));
      }
    }
  }

  @Test
  void streamItemsFollowTheNullRuleOfResults() {
    List<String> maybe = Arrays.asList("a", null, "");
    try (Stream<String> items = echo.streamMaybeStrings(maybe)) {
      assertEquals(maybe, items.toList());
    }
    List<List<String>> sparse = List.of(Arrays.asList(null, "b"), List.of());
    try (Stream<List<String>> items = echo.streamSparseLists(sparse)) {
      assertEquals(sparse, items.toList());
    }
    for (java.util.function.Supplier<Stream<?>> call
        : List.<java.util.function.Supplier<Stream<?>>>of(echo::streamWithNullItem, echo::streamListWithNull)) {
      List<Object> seen = new ArrayList<>();
      try (Stream<?> items = call.get()) {
        dev.poto.protocol.RpcException refused = org.junit.jupiter.api.Assertions.assertThrows(
            dev.poto.protocol.RpcException.class, () -> items.forEach(seen::add));
        assertEquals(dev.poto.protocol.ProblemCodes.INVALID_RESPONSE, refused.code());
        assertTrue(refused.getMessage().contains("stream item 1 "), refused.getMessage());
      }
      assertEquals(1, seen.size());
    }
  }

  static Values full() {
    Map<String, Long> byName = new LinkedHashMap<>();
    byName.put("__proto__", Long.MIN_VALUE);
    byName.put("", 0L);
    Set<Integer> set = new LinkedHashSet<>(List.of(3, 1, 2));
    return new Values(
        true, Byte.MIN_VALUE, Short.MAX_VALUE, '\ud800', Integer.MIN_VALUE, Long.MAX_VALUE, -0f, Double.NaN,
        false, Byte.MAX_VALUE, Short.MIN_VALUE, '\u2028', Integer.MAX_VALUE, Long.MIN_VALUE, Float.NEGATIVE_INFINITY, -0.0,
        "😀\u0000\ud800", new BigDecimal("1.10"), BigInteger.TWO.pow(100).negate(), new UUID(-1, 1), Suit.NO_TRUMP, ALL_BYTES,
        Instant.parse("1969-12-31T23:59:59.999999999Z"), OffsetDateTime.parse("2024-03-31T02:30:00.000000001+05:45"),
        LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 3, 31, 2, 30, 0, 1), Duration.ofNanos(-1),
        STRINGS, set, byName, Map.of(Suit.HEARTS, Double.MIN_VALUE),
        new int[] {Integer.MIN_VALUE}, new String[] {"", "\u2028"}, new double[][] {{-0.0}, {}}, List.of(List.of(), List.of(7)),
        Optional.of(""), OptionalInt.of(Integer.MIN_VALUE), OptionalLong.of(Long.MAX_VALUE), OptionalDouble.of(-0.0),
        "", Nest.chain(3));
  }

  static Values withNulls() {
    return new Values(
        false, (byte) 0, (short) 0, '\0', 0, 0, Float.MIN_VALUE, Double.MAX_VALUE,
        null, null, null, null, null, null, null, null,
        "", BigDecimal.ZERO, BigInteger.ZERO, new UUID(0, 0), Suit.HEARTS, new byte[0],
        Instant.EPOCH, OffsetDateTime.parse("2000-01-01T00:00Z"), LocalDate.of(1, 1, 1), LocalDateTime.of(1, 1, 1, 0, 0), Duration.ZERO,
        List.of(), Collections.emptySet(), Map.of(), Map.of(),
        new int[0], new String[0], new double[0][], List.of(),
        Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), OptionalDouble.empty(),
        null, null);
  }

  /**
   * The cases the TypeScript suite (roundtrip.test.mjs) sends, through the Java client too. The bean's
   * computed property travels both ways (the server checks and drops what the Java client sends).
   */
  @Test
  void theTypeScriptSuitesEdgeCasesAlsoRoundTripThroughTheJavaClient() {
    List<Double> doubles = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MAX_VALUE, Double.MIN_VALUE, 0.1);
    Map<String, Float> floatsByKey = new LinkedHashMap<>();
    floatsByKey.put("__proto__", -0.0f);
    floatsByKey.put("nan", Float.NaN);
    RoundTripModule.Floats floats = new RoundTripModule.Floats(-0.0, Float.NaN, Double.NEGATIVE_INFINITY, doubles, floatsByKey);
    assertEquals(floats, echo.floats(floats));
    assertEquals(List.of("-0.0", "NaN", "Infinity"), echo.seeDoubles(List.of(-0.0, Double.NaN, Double.POSITIVE_INFINITY)));
    try (Stream<Double> items = echo.doubleStream(doubles)) {
      assertEquals(doubles, items.toList());
    }
    RoundTripModule.Longs longs = new RoundTripModule.Longs(Long.MAX_VALUE, Long.MIN_VALUE,
        List.of(0L, (1L << 53) + 1, Long.MAX_VALUE), Map.of("constructor", Long.MIN_VALUE), Optional.of(-1L),
        new long[] {1L, 1L << 62});
    RoundTripModule.Longs longsBack = echo.longs(longs);
    assertEquals(List.of(longs.one(), longs.boxed(), longs.many(), longs.byKey(), longs.maybe()),
        List.of(longsBack.one(), longsBack.boxed(), longsBack.many(), longsBack.byKey(), longsBack.maybe()));
    assertArrayEquals(longs.array(), longsBack.array());
    assertEquals(Long.MIN_VALUE, echo.nextLong(Long.MAX_VALUE));
    assertEquals(Long.MIN_VALUE, echo.plainLong(Long.MIN_VALUE)); // only the TS client limits a plain long
    RoundTripModule.Times times = new RoundTripModule.Times(Instant.parse("2024-03-31T01:30:15.123456789Z"),
        OffsetDateTime.parse("2024-03-31T02:30:15.000000001+14:00"),
        java.time.ZonedDateTime.parse("2024-03-31T03:30:15.5+02:00[Europe/Paris]"),
        LocalDateTime.parse("2024-03-31T02:30:00"), LocalDate.parse("2024-02-29"),
        java.time.LocalTime.parse("23:59:59.999999999"), Duration.parse("PT48H0.000000001S"),
        java.time.Period.parse("P1Y-2M3D"), java.time.Year.of(2024), java.time.YearMonth.of(2024, 2),
        java.time.ZoneId.of("Europe/Paris"), new java.util.Date(-1));
    assertEquals(times, echo.times(times));
    try (Stream<RoundTripModule.Times> items = echo.timeStream(List.of(times))) {
      assertEquals(List.of(times), items.toList());
    }
    RoundTripModule.Keys keys = new RoundTripModule.Keys(Map.of(Integer.MIN_VALUE, "min"), Map.of(Long.MAX_VALUE, "max"),
        Map.of(new UUID(0, 1), "one"), Map.of(LocalDate.parse("2024-02-29"), "leap"), Map.of(true, "yes"),
        Map.of("nan", Double.NaN), Map.of("", "empty"));
    assertEquals(keys, echo.keys(keys));
    assertEquals(new RoundTripModule.Labels(new dev.poto.it.roundtrip.a.Label("a"), new dev.poto.it.roundtrip.b.Label(2)),
        echo.labels(new dev.poto.it.roundtrip.a.Label("a"), new dev.poto.it.roundtrip.b.Label(2)));
    com.fasterxml.jackson.databind.node.ObjectNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    json.put("n", new BigInteger("18446744073709551616")).put("d", -0.0).putNull("none").put("tenth", 0.1)
        .put("fine", new java.math.BigDecimal("0.1000000000000000055511151231257827"))
        .put("beyondDouble", new java.math.BigDecimal("1E+400"));
    assertEquals(json, echo.json(json));
    assertEquals(json, echo.jsonObject(json));
    assertEquals(Map.of("delete", "d", "function", "f", "opts", "null"), echo.reserved("d", "f", null));
    RoundTripModule.Profile profile = new RoundTripModule.Profile();
    profile.nickname = "ada";
    RoundTripModule.Profile profileBack = echo.profile(profile);
    assertEquals(List.of("ada", 0, 0), List.of(profileBack.nickname, profileBack.getPoints(), profileBack.getDoublePoints()));
  }

  /**
   * Compares component by component: arrays by content, everything else with {@code equals}, which
   * for the boxed float and double components is bitwise (so -0.0 and NaN are checked too).
   */
  static void assertExact(Values expected, Values actual) {
    for (RecordComponent component : Values.class.getRecordComponents()) {
      Object want = read(component, expected);
      Object got = read(component, actual);
      assertTrue(Objects.deepEquals(want, got),
          () -> component.getName() + ": sent " + escape(Arrays.deepToString(new Object[] {want}))
              + ", got " + escape(Arrays.deepToString(new Object[] {got})));
    }
  }

  private static Object read(RecordComponent component, Values values) {
    try {
      return component.getAccessor().invoke(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder();
    value.chars().limit(80).forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return out.toString();
  }
}
