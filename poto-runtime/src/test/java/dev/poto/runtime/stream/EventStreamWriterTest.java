package dev.poto.runtime.stream;

import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.guard.WorkerInterrupter;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.protocol.ProblemCodes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventStreamWriterTest {
  static final ObjectMapper MAPPER = PotoJson.newMapper();
  static final ObjectWriter ANY = MAPPER.writer();

  final ManualScheduler scheduler = new ManualScheduler();
  final StreamMetrics metrics = new StreamMetrics();
  /** Flushes every frame (flush delay zero), so tests can follow the body frame by frame. */
  final EventStreamWriter writer =
      new EventStreamWriter(Duration.ofSeconds(15), scheduler, metrics, 16, Duration.ZERO);
  /** The production policy: buffered, flushed after 5 ms of (virtual) waiting. */
  final EventStreamWriter buffered =
      new EventStreamWriter(Duration.ofSeconds(15), scheduler, metrics, 16, Duration.ofMillis(5));
  final RecordingOutputStream out = new RecordingOutputStream();

  static RequestContext context(String userId) {
    return new RequestContext("req-" + userId, new PotoUser(userId, Set.of("user")), Map.of(), Map.of(), null);
  }

  EventStreamWriter.Result write(RequestContext context, Object source, OutputStream target) throws Exception {
    return Poto.callWith(context, () -> writer.write(source, ANY, target));
  }

  static String item(String json) {
    return "event: item\ndata: " + json + "\n\n";
  }

  static String end(long count) {
    return "event: end\ndata: {\"count\":" + count + "}\n\n";
  }

  @Test
  void itemsAreFramedOneEventEachThenEnd() throws Exception {
    var result = write(context("u1"), Stream.of(1, 2, 3), out);

    assertThat(out.text()).isEqualTo(item("1") + item("2") + item("3") + end(3));
    assertThat(result).isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.COMPLETED, 3));
    assertThat(out.flushes()).as("each item flushed, then the end").isEqualTo(4);
  }

  @Test
  void aFastProducerIsSentInLargeChunksAndFlushedOnlyAtTheEnd() throws Exception {
    CountingOutputStream counting = new CountingOutputStream();
    var result =
        Poto.callWith(context("u1"), () -> buffered.write(IntStream.range(0, 10_000).boxed(), ANY, counting));

    assertThat(result).isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.COMPLETED, 10_000));
    assertThat(counting.flushes).as("no time passed, so only the end event flushes").isEqualTo(1);
    assertThat(counting.writes).as("64 KiB chunks, not a write per item").isLessThan(10);
    String text = counting.text();
    assertThat(text).startsWith(item("0") + item("1")).endsWith(item("9999") + end(10_000));
    assertThat(scheduler.pending()).as("no flush timer outlives the stream").isZero();
  }

  @Test
  void anItemFromAProducerThatThenBlocksIsFlushedByTheTimer() throws Exception {
    HandFed source = new HandFed();
    RequestContext ctx = context("u1");
    CompletableFuture<EventStreamWriter.Result> done =
        CompletableFuture.supplyAsync(() -> call(buffered, ctx, source, out), Thread.ofVirtual()::start);

    source.queue.put(1);
    assertThat(source.waiting.tryAcquire(2, 10, TimeUnit.SECONDS))
        .as("the producer is blocked on its second item").isTrue();
    assertThat(out.text()).as("the first item is still buffered").isEmpty();

    scheduler.advance(Duration.ofMillis(4));
    assertThat(out.text()).isEmpty();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(out.text()).as("flushed by the timer while the producer is blocked").isEqualTo(item("1"));
    assertThat(out.flushes()).isEqualTo(1);

    source.queue.put(HandFed.END);
    assertThat(done.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EventStreamWriter.Outcome.COMPLETED);
    assertThat(out.text()).isEqualTo(item("1") + end(1));
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aProducerThatKeepsProducingFlushesOnceTheOldestItemHasWaitedTheDelay() throws Exception {
    HandFed source = new HandFed();
    RequestContext ctx = context("u1");
    CompletableFuture<EventStreamWriter.Result> done =
        CompletableFuture.supplyAsync(() -> call(buffered, ctx, source, out), Thread.ofVirtual()::start);
    source.queue.put(1);
    assertThat(source.waiting.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
    scheduler.advance(Duration.ofMillis(3)); // not yet due
    source.queue.put(2);
    assertThat(source.waiting.tryAcquire(1, 10, TimeUnit.SECONDS)).isTrue();
    assertThat(out.text()).isEmpty();
    scheduler.advance(Duration.ofMillis(2)); // item 1 has now waited 5 ms: both go out together
    assertThat(out.text()).isEqualTo(item("1") + item("2"));
    assertThat(out.flushes()).isEqualTo(1);
    source.queue.put(HandFed.END);
    assertThat(done.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EventStreamWriter.Outcome.COMPLETED);
  }

  /** Counts writes and flushes that reach the "connection". */
  static final class CountingOutputStream extends OutputStream {
    final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    int writes;
    int flushes;

    public void write(int b) {
      writes++;
      bytes.write(b);
    }

    public void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }

    public void flush() {
      flushes++;
    }

    String text() {
      return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void emptyStreamIsJustTheEndEvent() throws Exception {
    write(context("u1"), Stream.empty(), out);
    assertThat(out.text()).isEqualTo(end(0));
  }

  @Test
  void rpcExceptionAfterFirstItemKeepsStatusCodeAndMessage() throws Exception {
    Iterator<String> failing =
        Stream.of("first", "second").map(s -> {
              if (s.equals("second")) {
                throw new RpcException(409, "seat_taken", "Seat 12 is taken");
              }
              return s;
            }).iterator();

    var result = write(context("u1"), failing, out);

    assertThat(out.text())
        .isEqualTo(item("\"first\"") + "event: error\ndata: "
            + "{\"type\":\"urn:poto:problem:seat_taken\",\"title\":\"Conflict\",\"status\":409,"
            + "\"detail\":\"Seat 12 is taken\",\"code\":\"seat_taken\",\"requestId\":\"req-u1\"}\n\n");
    assertThat(result.outcome()).isEqualTo(EventStreamWriter.Outcome.FAILED);
    assertThat(metrics.snapshot().failed()).isEqualTo(1);
  }

  @Test
  void otherExceptionsBecomeInternalErrorWithoutDetails() throws Exception {
    Stream<Integer> failing = Stream.iterate(1, i -> {
          if (i == 2) {
            throw new IllegalStateException("db password is hunter2");
          }
          return i + 1;
        });

    write(context("u1"), failing, out);

    String text = out.text();
    assertThat(text).startsWith(item("1") + item("2") + "event: error\ndata: {");
    assertThat(text).contains("\"status\":500", "\"code\":\"internal_error\"", "\"requestId\":\"req-u1\"");
    assertThat(text).doesNotContain("hunter2", "IllegalStateException", "event: end");
  }

  record Fib(int n, BigInteger value) {}

  @Test
  void fibonacciPayloadsArriveExactly() throws Exception {
    List<Fib> expected = new ArrayList<>();
    BigInteger a = BigInteger.ZERO, b = BigInteger.ONE;
    for (int n = 0; n < 100; n++) {
      expected.add(new Fib(n, a));
      BigInteger next = a.add(b);
      a = b;
      b = next;
    }

    write(context("u1"), expected.stream(), out);

    StringBuilder frames = new StringBuilder();
    for (Fib f : expected) {
      // BigInteger travels as a JSON string, exact in any client (PotoJson)
      frames.append(item("{\"n\":" + f.n() + ",\"value\":\"" + f.value() + "\"}"));
    }
    assertThat(out.text()).isEqualTo(frames + end(100));
    assertThat(out.text()).contains("\"value\":\"218922995834555169026\""); // F(99), beyond long
  }

  static final class Counter {
    public int value;
  }

  @Test
  void aReusedMutableItemIsEncodedWhenProduced() throws Exception {
    Counter shared = new Counter();
    Iterator<Counter> reusing = new Iterator<>() {
      public boolean hasNext() {
        return shared.value < 3;
      }

      public Counter next() {
        shared.value++;
        return shared;
      }
    };

    write(context("u1"), reusing, out);

    assertThat(out.text())
        .isEqualTo(item("{\"value\":1}") + item("{\"value\":2}") + item("{\"value\":3}") + end(3));
  }

  @Test
  void itemsBuiltFromTheContextCarryTheCallersUserAcrossConcurrentStreams() throws Exception {
    int callers = 50;
    List<CompletableFuture<String>> bodies = new ArrayList<>();
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        String user = "user" + i;
        bodies.add(CompletableFuture.supplyAsync(() -> {
              RecordingOutputStream body = new RecordingOutputStream();
              Stream<String> items = IntStream.range(0, 3).mapToObj(n -> {
                    Thread.yield();
                    return Poto.currentUser().id() + "#" + n;
                  });
              try {
                write(context(user), items, body);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
              return body.text();
            }, executor));
      }
      for (int i = 0; i < callers; i++) {
        String u = "user" + i;
        assertThat(bodies.get(i).get(10, TimeUnit.SECONDS))
            .isEqualTo(item("\"" + u + "#0\"") + item("\"" + u + "#1\"") + item("\"" + u + "#2\"") + end(3));
      }
    }
  }

  @Test
  void writingOutsideACallIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.write(Stream.of(1), ANY, out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Poto call");
  }

  @Test
  void aNullResultIsAnInternalErrorEvent() throws Exception {
    write(context("u1"), null, out);
    assertThat(out.text()).startsWith("event: error\ndata: {").contains("\"code\":\"internal_error\"");
  }

  /** An iterator whose items the test hands over one by one, blocking in between. */
  static final class HandFed implements Iterator<Object>, AutoCloseable {
    static final Object END = new Object();
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    final AtomicInteger closes = new AtomicInteger();
    /** Released each time the producer starts waiting for an item. */
    final java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(0);
    volatile boolean interrupted;
    private Object next;

    public boolean hasNext() {
      if (next == null) {
        waiting.release();
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          interrupted = true;
          throw new IllegalStateException("interrupted while waiting for the next item", e);
        }
      }
      return next != END;
    }

    public Object next() {
      hasNext();
      Object item = next;
      next = null;
      return item;
    }

    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void heartbeatIsWrittenOnlyAfterAFullIdleInterval() throws Exception {
    HandFed source = new HandFed();
    RequestContext ctx = context("u1");
    CompletableFuture<EventStreamWriter.Result> done =
        CompletableFuture.supplyAsync(() -> call(ctx, source, out), Thread.ofVirtual()::start);

    source.queue.put(1);
    out.awaitText(item("1"));
    scheduler.advance(Duration.ofSeconds(14));
    assertThat(out.text()).isEqualTo(item("1"));
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(out.text()).isEqualTo(item("1") + ": ping\n\n");
    scheduler.advance(Duration.ofSeconds(15));
    assertThat(out.text()).isEqualTo(item("1") + ": ping\n\n: ping\n\n");

    source.queue.put(2);
    out.awaitText(item("2"));
    scheduler.advance(Duration.ofSeconds(10));
    source.queue.put(HandFed.END);
    assertThat(done.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EventStreamWriter.Outcome.COMPLETED);
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(out.text()).isEqualTo(item("1") + ": ping\n\n: ping\n\n" + item("2") + end(2));
    assertThat(scheduler.pending()).as("the heartbeat timer is gone").isZero();
  }

  private EventStreamWriter.Result call(RequestContext ctx, Object source, OutputStream target) {
    return call(writer, ctx, source, target);
  }

  private static EventStreamWriter.Result call(
      EventStreamWriter with, RequestContext ctx, Object source, OutputStream target) {
    try (WorkerInterrupter ignored = WorkerInterrupter.forCurrentThread(ctx.cancellation())) {
      return Poto.callWith(ctx, () -> with.write(source, ANY, target));
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void aFailedItemWriteCancelsTheCallAndClosesTheStream() throws Exception {
    AtomicInteger closeHandlerRuns = new AtomicInteger();
    AtomicInteger produced = new AtomicInteger();
    Stream<Integer> endless =
        Stream.iterate(1, i -> i + 1).peek(i -> produced.incrementAndGet()).onClose(closeHandlerRuns::incrementAndGet);
    OutputStream brokenAfterTwoFlushes = new OutputStream() {
      int flushes;

      public void write(int b) {}

      public void write(byte[] b, int off, int len) {}

      public void flush() throws IOException {
        if (++flushes > 2) {
          throw new IOException("Connection reset by peer");
        }
      }
    };
    RequestContext ctx = context("u1");

    var result = write(ctx, endless, brokenAfterTwoFlushes);

    assertThat(result.outcome()).isEqualTo(EventStreamWriter.Outcome.CANCELLED);
    assertThat(ctx.cancellation().isCancelled()).isTrue();
    assertThat(ctx.cancellation().reason()).isEqualTo(CancelReasons.CLIENT_GONE);
    assertThat(closeHandlerRuns).hasValue(1);
    assertThat(produced).hasValue(3);
    assertThat(metrics.snapshot())
        .isEqualTo(new StreamMetrics.Snapshot(1, 1, 0, 1, 1, 0));
  }

  @Test
  void aFailedHeartbeatOnAnIdleStreamCancelsInterruptsAndClosesTheSource() throws Exception {
    HandFed source = new HandFed();
    RequestContext ctx = context("u1");
    CompletableFuture<EventStreamWriter.Result> done =
        CompletableFuture.supplyAsync(() -> call(ctx, source, out), Thread.ofVirtual()::start);
    source.queue.put("a");
    out.awaitText(item("\"a\""));
    assertThat(metrics.open()).isEqualTo(1);

    out.breakConnection();
    scheduler.advance(Duration.ofSeconds(15));

    assertThat(done.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EventStreamWriter.Outcome.CANCELLED);
    assertThat(ctx.cancellation().reason()).isEqualTo(CancelReasons.CLIENT_GONE);
    assertThat(source.interrupted).as("the blocked producer was interrupted").isTrue();
    assertThat(source.closes).hasValue(1);
    assertThat(metrics.open()).isZero();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aPassingDeadlineEndsTheStreamWithDeadlineExceeded() throws Exception {
    java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");
    DeadlineScheduler deadlines =
        new DeadlineScheduler(scheduler, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
    RequestContext ctx =
        new RequestContext("req-d", new PotoUser("u1", Set.of()), Map.of(), Map.of(), now.plusSeconds(5));
    HandFed source = new HandFed();
    CompletableFuture<EventStreamWriter.Result> done =
        CompletableFuture.supplyAsync(() -> {
              try (Scheduled deadline = deadlines.arm(ctx)) {
                return call(ctx, source, out);
              }
            }, Thread.ofVirtual()::start);
    source.queue.put(7);
    out.awaitText(item("7"));

    scheduler.advance(Duration.ofSeconds(5));

    assertThat(done.get(10, TimeUnit.SECONDS))
        .isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.DEADLINE_EXCEEDED, 1, ProblemCodes.DEADLINE_EXCEEDED));
    assertThat(out.text())
        .isEqualTo(item("7") + "event: error\ndata: {\"type\":\"urn:poto:problem:deadline_exceeded\","
            + "\"title\":\"Gateway Timeout\",\"status\":504,"
            + "\"detail\":\"The call's deadline (Poto-Timeout-Ms) passed before the stream ended\","
            + "\"code\":\"deadline_exceeded\",\"requestId\":\"req-d\"}\n\n");
    assertThat(source.closes).hasValue(1);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void indentationOfTheItemWriterIsIgnoredSoDataStaysOnOneLine() throws Exception {
    ObjectWriter pretty = MAPPER.writerWithDefaultPrettyPrinter();
    Poto.callWith(context("u1"), () -> writer.write(Stream.of(Map.of("a", 1)), pretty, out));
    assertThat(out.text()).isEqualTo(item("{\"a\":1}") + end(1));
  }

  /** Serializing it fails half way through its JSON: after {"ok":1,"bad": */
  static final class HalfEncodable {
    public int getOk() {
      return 1;
    }

    public String getBad() {
      throw new IllegalStateException("no encoding for you");
    }
  }

  @Test
  void anItemThatFailsHalfWayThroughEncodingLeavesNoPartOfItsFrame() throws Exception {
    var result = Poto.callWith(context("u1"),
        () -> buffered.write(Stream.of(Map.of("a", 1), new HalfEncodable(), Map.of("a", 3)), ANY, out));

    assertThat(result.outcome()).isEqualTo(EventStreamWriter.Outcome.FAILED);
    assertThat(result.items()).isEqualTo(1);
    String text = out.text();
    assertThat(text).startsWith(item("{\"a\":1}") + "event: error\ndata: {");
    assertThat(text).contains("\"code\":\"internal_error\"").doesNotContain("\"ok\"", "event: end", "{\"a\":3}");
  }

  @Test
  void aCallCancelledWhileAStreamPipelineRunsStopsItBeforeTheNextItem() throws Exception {
    RequestContext ctx = context("u1");
    AtomicInteger produced = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Stream<Integer> endless = Stream.iterate(0, i -> i + 1)
        .peek(i -> {
          produced.incrementAndGet();
          if (i == 5) {
            ctx.cancellation().cancel(CancelReasons.CLIENT_GONE);
          }
        })
        .onClose(closed::incrementAndGet);

    var result = write(ctx, endless, out);

    assertThat(result).isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.CANCELLED, 5));
    assertThat(produced).hasValue(6);
    assertThat(closed).as("the stream's close handlers ran").hasValue(1);
    assertThat(out.text()).isEqualTo(item("0") + item("1") + item("2") + item("3") + item("4"));
  }

  @Test
  void anIteratorResultIsWrittenAndClosedWhenAutoCloseable() throws Exception {
    AtomicInteger closed = new AtomicInteger();
    class Closing implements Iterator<String>, AutoCloseable {
      int next;

      public boolean hasNext() {
        return next < 2;
      }

      public String next() {
        return "s" + next++;
      }

      public void close() {
        closed.incrementAndGet();
      }
    }

    var result = write(context("u1"), new Closing(), out);

    assertThat(result).isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.COMPLETED, 2));
    assertThat(out.text()).isEqualTo(item("\"s0\"") + item("\"s1\"") + end(2));
    assertThat(closed).hasValue(1);
  }
}
