package dev.poto.it.roundtrip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poto.annotations.LongAsBigInt;
import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.runtime.PotoModule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The round-trip module both generated clients' suites run through (JavaClientRoundTripTest, and
 * it/src/test/js/wire/exact.test.mjs and optionals.test.mjs for TypeScript). Echoes: every method
 * returns its argument unchanged, so a client that sends an edge value and gets back something else has
 * found a place where the wire is not exact. One method per type, plus streams that emit the given
 * items; the {@code see*} methods also say how Java saw a value (its {@code toString}), so a value that
 * changed on the way in cannot hide behind one that changed back on the way out. Public, so any client
 * can call it without logging in.
 */
@RpcModule("roundtrip")
@Public
public class RoundTripModule extends PotoModule {

  // ---- primitives and their boxes (boxes may be null) ----

  @Rpc public boolean echoBoolean(boolean value) { return value; }
  @Rpc public byte echoByte(byte value) { return value; }
  @Rpc public short echoShort(short value) { return value; }
  @Rpc public char echoChar(char value) { return value; }
  @Rpc public int echoInt(int value) { return value; }
  @Rpc public long echoLong(long value) { return value; }
  @Rpc public float echoFloat(float value) { return value; }
  @Rpc public double echoDouble(double value) { return value; }

  @Rpc public @Nullable Boolean echoBooleanBox(@Nullable Boolean value) { return value; }
  @Rpc public @Nullable Byte echoByteBox(@Nullable Byte value) { return value; }
  @Rpc public @Nullable Short echoShortBox(@Nullable Short value) { return value; }
  @Rpc public @Nullable Character echoCharBox(@Nullable Character value) { return value; }
  @Rpc public @Nullable Integer echoIntBox(@Nullable Integer value) { return value; }
  @Rpc public @Nullable Long echoLongBox(@Nullable Long value) { return value; }
  @Rpc public @Nullable Float echoFloatBox(@Nullable Float value) { return value; }
  @Rpc public @Nullable Double echoDoubleBox(@Nullable Double value) { return value; }

  // ---- scalar objects ----

  @Rpc public String echoString(String value) { return value; }
  @Rpc public @Nullable String echoNullableString(@Nullable String value) { return value; }
  @Rpc public BigDecimal echoBigDecimal(BigDecimal value) { return value; }
  @Rpc public BigInteger echoBigInteger(BigInteger value) { return value; }
  @Rpc public UUID echoUuid(UUID value) { return value; }
  @Rpc public Suit echoEnum(Suit value) { return value; }
  /** A byte[] result travels as application/octet-stream, the argument as base64. */
  @Rpc public byte[] echoBytes(byte[] value) { return value; }

  // ---- java.time ----

  @Rpc public Instant echoInstant(Instant value) { return value; }
  @Rpc public OffsetDateTime echoOffsetDateTime(OffsetDateTime value) { return value; }
  @Rpc public LocalDate echoLocalDate(LocalDate value) { return value; }
  @Rpc public LocalDateTime echoLocalDateTime(LocalDateTime value) { return value; }
  @Rpc public Duration echoDuration(Duration value) { return value; }
  @Rpc public Date echoDate(Date value) { return value; }

  // ---- containers ----

  @Rpc public List<String> echoList(List<String> value) { return value; }
  @Rpc public List<@Nullable String> echoSparseList(List<@Nullable String> value) { return value; }
  @Rpc public Set<Integer> echoSet(Set<Integer> value) { return value; }
  @Rpc public Map<String, Long> echoMap(Map<String, Long> value) { return value; }
  @Rpc public Map<Suit, Double> echoEnumMap(Map<Suit, Double> value) { return value; }
  @Rpc public int[] echoIntArray(int[] value) { return value; }
  @Rpc public String[] echoStringArray(String[] value) { return value; }
  @Rpc public double[][] echoGrid(double[][] value) { return value; }
  @Rpc public List<List<Integer>> echoNestedList(List<List<Integer>> value) { return value; }

  // ---- absences ----

  @Rpc public Optional<String> echoOptional(Optional<String> value) { return value; }
  @Rpc public OptionalInt echoOptionalInt(OptionalInt value) { return value; }
  @Rpc public OptionalLong echoOptionalLong(OptionalLong value) { return value; }
  @Rpc public OptionalDouble echoOptionalDouble(OptionalDouble value) { return value; }

  // ---- records ----

  @Rpc public Values echoValues(Values value) { return value; }
  @Rpc public Nest echoNest(Nest value) { return value; }
  @Rpc public Note echoNote(Note value) { return value; }
  @Rpc public Account echoAccount(Account value) { return value; }

  /** Records in lists in maps in records, with the null rule different at every level. */
  public record Cell(List<@Nullable String> notes, List<String> tags) {}

  public record Deep(Map<String, List<@Nullable String>> sparseByKey, List<@Nullable List<String>> maybeRows,
      Map<String, List<Cell>> cells, @Nullable Deep next) {}

  @Rpc public Deep echoDeep(Deep value) { return value; }

  /** A Deep whose innermost non-nullable list holds a null: the server writes it, a client must refuse it. */
  @Rpc public Deep deepWithNull() {
    Cell holey = new Cell(List.of(), java.util.Arrays.asList("t", null));
    return new Deep(Map.of(), List.of(), Map.of("c", List.of(holey)), null);
  }

  /** A List<String> holding a null: the server writes it as it is, a client must refuse it. */
  @Rpc public List<String> listWithNull() { return java.util.Arrays.asList("a", null); }

  /** A bean whose non-nullable owner is null: the server writes it as it is, a client must refuse it. */
  @Rpc public Account accountWithoutOwner() { return new Account(null, 1, null, "t"); }

  /** A chain of {@code links} records: beyond the nesting limit it cannot be written. */
  @Rpc public Nest nestOf(int links) { return Nest.chain(links); }

  // ---- streams: each emits the given items in order ----

  @Rpc public Stream<String> streamStrings(List<String> items) { return items.stream(); }
  @Rpc public Stream<Long> streamLongs(List<Long> items) { return items.stream(); }
  @Rpc public Stream<Double> streamDoubles(List<Double> items) { return items.stream(); }
  @Rpc public Stream<Values> streamValues(List<Values> items) { return items.stream(); }
  @Rpc public Stream<Nest> streamNests(List<Nest> items) { return items.stream(); }
  @Rpc public Stream<@Nullable String> streamMaybeStrings(List<@Nullable String> items) { return items.stream(); }
  @Rpc public Stream<List<@Nullable String>> streamSparseLists(List<List<@Nullable String>> items) { return items.stream(); }

  /** A Stream<String> with a null item: the server writes it as it is, a client must refuse it. */
  @Rpc public Stream<String> streamWithNullItem() { return java.util.stream.Stream.of("a", null); }

  /** A Stream<List<String>> whose second item holds a null: a client must refuse it. */
  @Rpc public Stream<List<String>> streamListWithNull() {
    return java.util.stream.Stream.of(List.of("a"), java.util.Arrays.asList("b", null));
  }

  // ---- exact TypeScript mappings: floats, bigint longs, java.time, map keys, JSON, beans, reserved names ----


  /** Floating point edges: NaN, ±Infinity, -0.0, extremes. */
  public record Floats(double d, float f, @Nullable Double boxed, List<Double> list, Map<String, Float> byKey) {}

  @Rpc
  public Floats floats(Floats value) {
    return value;
  }

  /** How Java saw each double (Double.toString: "-0.0", "NaN", ...). */
  @Rpc
  public List<String> seeDoubles(List<Double> values) {
    return values.stream().map(String::valueOf).toList();
  }

  @Rpc
  public Stream<Double> doubleStream(List<Double> values) {
    return values.stream();
  }

  /** Every long of this record is a TS bigint. */
  @LongAsBigInt
  public record Longs(long one, Long boxed, List<Long> many, Map<String, Long> byKey, Optional<Long> maybe, long[] array) {}

  @Rpc
  public Longs longs(Longs value) {
    return value;
  }

  @Rpc
  @LongAsBigInt
  public long nextLong(@LongAsBigInt long value) {
    return value == Long.MAX_VALUE ? Long.MIN_VALUE : value + 1;
  }

  @Rpc
  @LongAsBigInt
  public Stream<Long> longStream(@LongAsBigInt List<Long> values) {
    return values.stream();
  }

  /** A long left as a number: refused beyond 2^53 - 1. */
  @Rpc
  public long plainLong(long value) {
    return value;
  }

  /** Every java.time type plus java.util.Date. */
  public record Times(
      Instant instant, OffsetDateTime offset, ZonedDateTime zoned, LocalDateTime local, LocalDate day,
      LocalTime time, Duration duration, Period period, Year year, YearMonth month, ZoneId zone, Date date) {}

  @Rpc
  public Times times(Times value) {
    return value;
  }

  /** How Java saw each value (toString; Date as epoch milliseconds). */
  @Rpc
  public List<String> seeTimes(Times t) {
    return List.of(t.instant().toString(), t.offset().toString(), t.zoned().toString(), t.local().toString(),
        t.day().toString(), t.time().toString(), t.duration().toString(), t.period().toString(), t.year().toString(),
        t.month().toString(), t.zone().toString(), String.valueOf(t.date().getTime()));
  }

  @Rpc
  public Stream<Times> timeStream(List<Times> values) {
    return values.stream();
  }

  /** Map keys of every kind Jackson writes exactly, values with and without client conversions. */
  public record Keys(
      Map<Integer, String> ints, Map<Long, String> longs, Map<UUID, String> ids, Map<LocalDate, String> days,
      Map<Boolean, String> flags, Map<String, Double> doubles, Map<String, String> plain) {}

  @Rpc
  public Keys keys(Keys value) {
    return value;
  }

  /** The keys as Java saw them, in the order received. */
  @Rpc
  public List<String> seeKeys(Keys k) {
    return Stream.of(k.ints(), k.longs(), k.ids(), k.days(), k.flags(), k.doubles(), k.plain())
        .flatMap(map -> map.keySet().stream().map(key -> key.getClass().getSimpleName() + ":" + key))
        .toList();
  }

  public record Labels(dev.poto.it.roundtrip.a.Label a, dev.poto.it.roundtrip.b.Label b) {}

  @Rpc
  public Labels labels(dev.poto.it.roundtrip.a.Label a, dev.poto.it.roundtrip.b.Label b) {
    return new Labels(a, b);
  }

  @Rpc
  public JsonNode json(JsonNode value) {
    return value;
  }

  @Rpc
  public ObjectNode jsonObject(ObjectNode value) {
    return value;
  }

  @Rpc
  public ArrayNode jsonArray(ArrayNode value) {
    return value;
  }

  /** What Jackson built from the JSON (its node types), to show integers and decimals kept their kind. */
  @Rpc
  public String seeJson(JsonNode value) {
    return value.toString() + " " + value.findValues("n").stream().map(n -> n.getNodeType() + "/" + n.numberType())
        .toList();
  }

  /**
   * A bean (its own type, next to the record-like bean {@link dev.poto.it.roundtrip.Account}): {@code points} has a getter and a private field (Jackson reads it back through the field),
   * {@code nickname} is a public field, {@code doublePoints} a computed getter (output only),
   * {@code referrer} a setter only (input only).
   */
  public static class Profile {
    private int points;
    public String nickname = "";
    private String referrer = "";

    public int getPoints() {
      return points;
    }

    public int getDoublePoints() {
      return points * 2;
    }

    public void setReferrer(String referrer) {
      this.referrer = referrer;
    }

    String referrer() {
      return referrer;
    }
  }

  @Rpc
  public Profile profile(Profile value) {
    return value;
  }

  @Rpc
  public String seeProfile(Profile value) {
    return value.points + "," + value.nickname + "," + value.referrer();
  }

  /** Names TypeScript reserves: renamed in the client, unchanged on the wire. */
  @Rpc
  public Map<String, String> reserved(String delete, String function, @Nullable String opts) {
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("delete", delete);
    seen.put("function", function);
    seen.put("opts", String.valueOf(opts));
    return seen;
  }
}
