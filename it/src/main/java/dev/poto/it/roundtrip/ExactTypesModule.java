package dev.poto.it.roundtrip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poto.annotations.LongAsBigInt;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.runtime.PotoModule;
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
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Edge values through the generated TypeScript client (it/src/test/js/wire/exact.test.mjs): every
 * method hands back what it received, as a result and as stream items, and some also say how Java
 * saw the value (its {@code toString}), so a value that changed on the way in cannot hide behind
 * one that changed back on the way out.
 */
@RpcModule("exact")
public class ExactTypesModule extends PotoModule {

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
   * A bean: {@code points} has a getter and a private field (Jackson reads it back through the field),
   * {@code nickname} is a public field, {@code doublePoints} a computed getter (output only),
   * {@code referrer} a setter only (input only).
   */
  public static class Account {
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
  public Account account(Account value) {
    return value;
  }

  @Rpc
  public String seeAccount(Account value) {
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
