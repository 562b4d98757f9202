package dev.poto.it.roundtrip;

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
import java.time.OffsetDateTime;
import java.util.Date;
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
 * Echoes: every method returns its argument unchanged, so a client that sends an edge value and
 * gets back something else has found a place where the wire is not exact. One method per type,
 * plus streams that emit the given items. Public, so any client can call it without logging in.
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
}
