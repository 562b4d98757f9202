package dev.poto.runtime.stream;

import static dev.poto.runtime.stream.EventStreamWriterTest.ANY;
import static dev.poto.runtime.stream.EventStreamWriterTest.context;
import static dev.poto.runtime.stream.EventStreamWriterTest.end;
import static dev.poto.runtime.stream.EventStreamWriterTest.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.scheduling.Scheduled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * A publisher's stream is written by bursts, with no thread of its own in between. The bursts here are
 * queued and run by the test on its own thread, one at a time, so every step is deterministic: a burst
 * that has returned holds nothing of the stream on any stack.
 */
class PushedStreamTest {
  final ManualScheduler scheduler = new ManualScheduler();
  final StreamMetrics metrics = new StreamMetrics();
  final EventStreamWriter writer = new EventStreamWriter(Duration.ofSeconds(15), scheduler, metrics, 16, Duration.ofMillis(5));
  final RecordingOutputStream out = new RecordingOutputStream();
  final QueuedBursts bursts = new QueuedBursts();
  final List<EventStreamWriter.Result> results = new ArrayList<>();

  /** Bursts wait here until the test runs them. */
  static final class QueuedBursts implements Executor {
    final Queue<Runnable> waiting = new ArrayDeque<>();
    int started;

    @Override
    public synchronized void execute(Runnable burst) {
      started++;
      waiting.add(burst);
    }

    /** Runs the bursts that wait, and those they start, on this thread; how many ran. */
    int runAll() {
      int ran = 0;
      for (Runnable burst; (burst = next()) != null; ran++) {
        burst.run();
      }
      return ran;
    }

    synchronized Runnable next() {
      return waiting.poll();
    }

    synchronized int waiting() {
      return waiting.size();
    }
  }

  /** A publisher the test drives: it emits when told, records demand and who asked for it. */
  static final class DrivenPublisher implements Flow.Publisher<String>, Flow.Subscription {
    Flow.Subscriber<? super String> subscriber;
    long requested;
    boolean cancelled;
    final List<String> requestedBy = new ArrayList<>();

    @Override
    public void subscribe(Flow.Subscriber<? super String> s) {
      subscriber = s;
      s.onSubscribe(this);
    }

    @Override
    public void request(long n) {
      requested += n;
      requestedBy.add(Poto.currentUser().id()); // the caller's context is bound where request runs
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    void emit(String... items) {
      for (String item : items) {
        subscriber.onNext(item);
      }
    }
  }

  private void start(RequestContext ctx, Flow.Publisher<?> publisher) throws Exception {
    Poto.callWith(ctx, () -> {
      writer.start(publisher, StreamItems.jacksonOnly(ANY), out, bursts, results::add);
      return null;
    });
  }

  @Test
  void idleThenABurstThenIdleAgainHoldsNoThreadInBetween() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    start(context("alice"), publisher);

    assertThat(bursts.waiting()).as("subscribed on the calling thread; the first request waits for a burst").isEqualTo(1);
    assertThat(publisher.requested).isZero();
    assertThat(bursts.runAll()).isEqualTo(1);
    assertThat(publisher.requested).isEqualTo(16);
    assertThat(publisher.requestedBy).containsExactly("alice");
    assertThat(out.text()).isEmpty();
    assertThat(bursts.waiting()).as("idle: nothing runs, nothing waits to run").isZero();

    publisher.emit("a", "b", "c"); // from the publisher's thread (here the test's)
    assertThat(bursts.waiting()).as("one burst for the three items").isEqualTo(1);
    assertThat(out.text()).isEmpty();
    bursts.runAll();
    assertThat(out.text()).isEqualTo(item("\"a\"") + item("\"b\"") + item("\"c\""));
    assertThat(out.flushes()).as("flushed when nothing more was queued").isEqualTo(1);
    assertThat(scheduler.pending()).as("the heartbeat sweep only: no flush timer while nothing waits").isEqualTo(1);
    assertThat(bursts.waiting()).isZero();

    publisher.emit("d");
    bursts.runAll();
    publisher.subscriber.onComplete();
    bursts.runAll();

    assertThat(out.text()).endsWith(item("\"d\"") + end(4));
    assertThat(results).containsExactly(new EventStreamWriter.Result(EventStreamWriter.Outcome.COMPLETED, 4));
    assertThat(bursts.started).isEqualTo(4);
    assertThat(metrics.open()).isZero();
    assertThat(scheduler.pending()).as("the sweep stops with the last stream").isZero();
  }

  @Test
  void demandIsRenewedOnlyAsTheOutputTakesTheItems() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    start(context("alice"), publisher);
    bursts.runAll();

    publisher.emit(numbered(16));
    assertThat(publisher.requested).as("nothing written yet: no more asked for").isEqualTo(16);
    bursts.runAll();
    assertThat(publisher.requested).as("half a batch more for each half written").isEqualTo(32);
    assertThat(publisher.requestedBy).containsOnly("alice");
  }

  @Test
  void cancellingWhileIdleCancelsTheSubscriptionAndEndsTheStream() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    RequestContext ctx = context("u1");
    start(ctx, publisher);
    bursts.runAll();
    publisher.emit("a");
    bursts.runAll();

    ctx.cancellation().cancel(CancelReasons.CLIENT_GONE); // as the disconnect watcher would

    assertThat(publisher.cancelled).isTrue();
    assertThat(results).as("ended by a burst, not by the cancelling thread").isEmpty();
    assertThat(bursts.runAll()).isEqualTo(1);
    assertThat(results).containsExactly(new EventStreamWriter.Result(EventStreamWriter.Outcome.CANCELLED, 1));
    assertThat(out.text()).isEqualTo(item("\"a\""));
    assertThat(metrics.snapshot().clientsGone()).isEqualTo(1);
    assertThat(metrics.open()).isZero();
    assertThat(scheduler.pending()).isZero();

    publisher.emit("late"); // a publisher that has not seen the cancel yet: ignored
    bursts.runAll();
    assertThat(out.text()).isEqualTo(item("\"a\""));
  }

  @Test
  void aCallerGoneWhileIdleIsFoundByTheHeartbeat() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    RequestContext ctx = context("u1");
    start(ctx, publisher);
    bursts.runAll();

    out.breakConnection();
    scheduler.advance(Duration.ofSeconds(15));

    assertThat(ctx.cancellation().reason()).isEqualTo(CancelReasons.CLIENT_GONE);
    assertThat(publisher.cancelled).isTrue();
    bursts.runAll();
    assertThat(results).containsExactly(new EventStreamWriter.Result(EventStreamWriter.Outcome.CANCELLED, 0));
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aShutdownWhileIdleEndsWithTheShuttingDownEvent() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    RequestContext ctx = context("u1");
    start(ctx, publisher);
    bursts.runAll();

    ctx.cancellation().cancel(CancelReasons.SHUTTING_DOWN); // as the call registry does when draining
    bursts.runAll();

    assertThat(results).containsExactly(
        new EventStreamWriter.Result(EventStreamWriter.Outcome.SHUT_DOWN, 0, ProblemCodes.SHUTTING_DOWN));
    assertThat(out.text()).startsWith("event: error\ndata: {").contains("\"code\":\"shutting_down\"");
    assertThat(publisher.cancelled).isTrue();
  }

  @Test
  void aDeadlinePassingWhileIdleEndsWithDeadlineExceeded() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    DeadlineScheduler deadlines = new DeadlineScheduler(scheduler, Clock.fixed(now, ZoneOffset.UTC));
    RequestContext ctx = new RequestContext("req-d", new PotoUser("u1", Set.of()), Map.of(), Map.of(), now.plusSeconds(5));
    DrivenPublisher publisher = new DrivenPublisher();
    try (Scheduled deadline = deadlines.arm(ctx)) {
      start(ctx, publisher);
      bursts.runAll();
      publisher.emit("a");
      bursts.runAll();

      scheduler.advance(Duration.ofSeconds(5));
      bursts.runAll();
    }

    assertThat(results).containsExactly(
        new EventStreamWriter.Result(EventStreamWriter.Outcome.DEADLINE_EXCEEDED, 1, ProblemCodes.DEADLINE_EXCEEDED));
    assertThat(out.text()).startsWith(item("\"a\"") + "event: error\ndata: {").contains("\"code\":\"deadline_exceeded\"");
    assertThat(publisher.cancelled).isTrue();
  }

  @Test
  void anIdleStreamIsPingedBySweepAndNothingElseRuns() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    start(context("u1"), publisher);
    bursts.runAll();
    publisher.emit("a");
    bursts.runAll();

    scheduler.advance(Duration.ofSeconds(14));
    assertThat(out.text()).isEqualTo(item("\"a\""));
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(out.text()).isEqualTo(item("\"a\"") + ": ping\n\n");
    assertThat(bursts.started).as("a ping needs no burst").isEqualTo(2);
  }

  @Test
  void manyIdleStreamsShareOneHeartbeatTimer() throws Exception {
    List<RecordingOutputStream> outs = new ArrayList<>();
    List<RequestContext> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RecordingOutputStream body = new RecordingOutputStream();
      RequestContext ctx = context("u" + i);
      Poto.callWith(ctx, () -> {
        writer.start(new DrivenPublisher(), StreamItems.jacksonOnly(ANY), body, bursts, results::add);
        return null;
      });
      outs.add(body);
      calls.add(ctx);
      scheduler.advance(Duration.ofSeconds(1)); // each stream opens a second after the previous
    }
    bursts.runAll();
    assertThat(scheduler.pending()).as("one sweep, not a timer task per stream").isEqualTo(1);

    scheduler.advance(Duration.ofSeconds(10)); // the first stream has been quiet for 15 s, the second for 14 s
    assertThat(outs).extracting(RecordingOutputStream::text).containsExactly(": ping\n\n", "", "", "", "");
    scheduler.advance(Duration.ofSeconds(4));
    assertThat(outs).extracting(RecordingOutputStream::text).containsOnly(": ping\n\n");

    calls.forEach(ctx -> ctx.cancellation().cancel(CancelReasons.CLIENT_GONE));
    bursts.runAll();
    assertThat(results).hasSize(5);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void anItemBeforeAnyDemandFailsTheStreamLoudly() throws Exception {
    Flow.Publisher<String> eager = subscriber -> {
      subscriber.onSubscribe(new Flow.Subscription() {
        public void request(long n) {}

        public void cancel() {}
      });
      subscriber.onNext("unasked"); // rule 1.1: never more than requested, and nothing was
    };

    start(context("u1"), eager);
    bursts.runAll();

    assertThat(results).containsExactly(
        new EventStreamWriter.Result(EventStreamWriter.Outcome.FAILED, 0, ProblemCodes.INTERNAL_ERROR));
    assertThat(out.text()).startsWith("event: error\ndata: {").contains("\"code\":\"internal_error\"")
        .doesNotContain("unasked");
  }

  @Test
  void aVirtualMachineErrorInABurstClosesAndReportsTheStreamThenGoesOn() throws Exception {
    Flow.Publisher<String> overflowing = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      public void request(long n) {
        throw new StackOverflowError("deep");
      }

      public void cancel() {}
    });
    start(context("u1"), overflowing);

    org.junit.jupiter.api.Assertions.assertThrows(StackOverflowError.class, bursts::runAll);

    assertThat(results).as("the call is finished before the error goes on")
        .extracting(EventStreamWriter.Result::outcome).containsExactly(EventStreamWriter.Outcome.FAILED);
    assertThat(out.text()).as("no error event after which the server would carry on").isEmpty();
    assertThat(metrics.open()).isZero();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void anErrorAfterItemsComesAfterThem() throws Exception {
    DrivenPublisher publisher = new DrivenPublisher();
    start(context("u1"), publisher);
    bursts.runAll();

    publisher.emit("a", "b");
    publisher.subscriber.onError(new IllegalStateException("the feed broke"));
    assertThat(bursts.waiting()).isEqualTo(1);
    bursts.runAll();

    assertThat(out.text()).startsWith(item("\"a\"") + item("\"b\"") + "event: error\ndata: {")
        .contains("\"code\":\"internal_error\"").doesNotContain("the feed broke");
    assertThat(results).extracting(EventStreamWriter.Result::outcome).containsExactly(EventStreamWriter.Outcome.FAILED);
  }

  private static String[] numbered(int n) {
    String[] items = new String[n];
    for (int i = 0; i < n; i++) {
      items[i] = "#" + i;
    }
    return items;
  }
}
