package dev.poto.it.wire;

import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoModule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Driven by the Node suite through the generated TypeScript client: echoes every mapped type both
 * ways, fails in every way the protocol knows, streams, notices cancellation, and keeps a cookie
 * session. The counters are application state shared by all callers (the suite reads them).
 */
@RpcModule("wire")
public class WireTypesModule extends PotoModule {
  private final AtomicInteger waitingCalls = new AtomicInteger();
  private final AtomicInteger cancelledCalls = new AtomicInteger();
  private final AtomicInteger cancelledStreams = new AtomicInteger();

  // ---- values both ways ----

  @Rpc
  public Everything echo(Everything value) {
    return value;
  }

  @Rpc
  public long echoLong(long value, Long boxed) {
    return value + (boxed == null ? 0 : boxed);
  }

  @Rpc
  public char echoChar(char value) {
    return value;
  }

  @Rpc
  public List<BigDecimal> exact(BigDecimal decimal, BigInteger integer) {
    return List.of(decimal, new BigDecimal(integer), decimal.add(BigDecimal.ONE));
  }

  @Rpc
  public Everything.Inner chunks(List<byte[]> chunks) {
    return new Everything.Inner("chunks", chunks);
  }

  /** A byte[] result travels as application/octet-stream. */
  @Rpc
  public byte[] reversed(byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = data[data.length - 1 - i];
    }
    return out;
  }

  /** Java-made dates: the client must revive them to the same instants and wall-clock fields. */
  @Rpc
  public Map<String, String> describeDates(
      Instant at, OffsetDateTime offsetAt, LocalDate day, LocalDateTime localAt, Duration timeout) {
    return Map.of(
        "at", at.toString(), "offsetAt", offsetAt.toInstant().toString(), "day", day.toString(),
        "localAt", localAt.toString(), "timeoutSeconds", String.valueOf(timeout.toSeconds()));
  }

  @Rpc
  public Instant fixedInstant() {
    return Instant.parse("2024-02-29T23:59:58.123Z");
  }

  @Rpc
  public OffsetDateTime fixedOffset() {
    return OffsetDateTime.parse("2024-03-01T01:00:00.5+02:00");
  }

  @Rpc
  public LocalDateTime fixedLocal() {
    return LocalDateTime.parse("1999-12-31T23:59:59.250");
  }

  @Rpc
  public long tooBig() {
    return Long.MAX_VALUE;
  }

  @Rpc
  public Page<Shape> shapes(int page) {
    List<Shape> items = List.of(
        new Shape.Circle(1.5), new Shape.Rect(2, 3), new Shape.Stamp(Instant.parse("2020-01-01T00:00:00Z"), new byte[] {1, 2, 3}));
    return new Page<>(items, page, 3);
  }

  @Rpc
  public double area(Shape shape) {
    return switch (shape) {
      case Shape.Circle c -> Math.PI * c.radius() * c.radius();
      case Shape.Rect r -> r.width() * r.height();
      case Shape.Stamp s -> s.image().length;
    };
  }

  @Rpc
  public Tree tree(int depth) {
    return grow("root", depth);
  }

  private static Tree grow(String name, int depth) {
    List<Tree> children = depth <= 0 ? List.of()
        : List.of(grow(name + ".0", depth - 1), grow(name + ".1", depth - 1));
    return new Tree(name, LocalDate.of(2000 + depth, 1, 31), children);
  }

  @Rpc
  public Map<Color, Integer> countColors(List<Color> colors) {
    Map<Color, Integer> counts = new EnumMap<>(Color.class);
    colors.forEach(color -> counts.merge(color, 1, Integer::sum));
    return counts;
  }

  @Rpc
  public Set<UUID> uuids(Set<UUID> ids, UUID extra) {
    return Stream.concat(ids.stream(), Stream.of(extra)).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  @Rpc
  public Optional<String> maybe(Optional<String> value) {
    return value.map(String::toUpperCase);
  }

  @Rpc
  public @Nullable String nullable(@Nullable String value) {
    return value == null ? null : value + "!";
  }

  @Rpc
  public String[] arrays(int[] numbers, String[] words) {
    return IntStream.range(0, Math.min(numbers.length, words.length))
        .mapToObj(i -> words[i].repeat(numbers[i]))
        .toArray(String[]::new);
  }

  // ---- calls, access and errors ----

  @Rpc
  @Public
  public String hello(String name) {
    return "Hello, " + name;
  }

  @Rpc
  public String whoami() {
    return currentUser().id();
  }

  @Rpc
  public void nothing() {}

  @Rpc
  @Roles("admin")
  public String adminOnly() {
    return "secret";
  }

  @Rpc
  public String fail(int status, String code, String message) {
    throw new RpcException(status, code, message);
  }

  @Rpc
  public String crash() {
    throw new IllegalStateException("a bug with internal details that must not leak");
  }

  @Rpc
  public int needsArgument(int value) {
    return value;
  }

  // ---- streams and cancellation ----

  @Rpc
  public Stream<Shape> countTo(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> (Shape) new Shape.Circle(i));
  }

  @Rpc
  public Stream<Everything.Inner> failAfter(int n) {
    return IntStream.rangeClosed(1, n + 1).mapToObj(i -> {
      if (i > n) {
        throw new RpcException(409, "ran_out", "only " + n + " items");
      }
      return new Everything.Inner("item " + i, List.of());
    });
  }

  /** One item, then waits until the caller goes away; counts the cancellation it saw. */
  @Rpc
  public Stream<Integer> oneThenWait() {
    CountDownLatch cancelled = new CountDownLatch(1);
    Poto.onCancel(cancelled::countDown);
    Iterator<Integer> items = new Iterator<>() {
      private boolean sent;

      @Override
      public boolean hasNext() {
        if (!sent) {
          return true;
        }
        awaitCancellation(cancelled);
        cancelledStreams.incrementAndGet();
        return false;
      }

      @Override
      public Integer next() {
        if (sent) {
          throw new NoSuchElementException();
        }
        sent = true;
        return 1;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
  }

  /** A unary call that only ends when cancelled; counts what it saw. */
  @Rpc
  public String waitForCancel() {
    CountDownLatch cancelled = new CountDownLatch(1);
    Poto.onCancel(cancelled::countDown);
    waitingCalls.incrementAndGet();
    try {
      awaitCancellation(cancelled);
    } finally {
      waitingCalls.decrementAndGet();
    }
    cancelledCalls.incrementAndGet();
    return "cancelled";
  }

  private static void awaitCancellation(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no cancellation within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the runtime interrupts a cancelled call: that is the signal
    }
  }

  @Rpc
  public Counters counters() {
    return new Counters(waitingCalls.get(), cancelledCalls.get(), cancelledStreams.get());
  }

  // ---- cookie session ----

  @Rpc
  public void remember(String note) {
    setSessionValue("note", note);
  }

  @Rpc
  public @Nullable String recall() {
    return getSessionValue("note", String.class).orElse(null);
  }
}
