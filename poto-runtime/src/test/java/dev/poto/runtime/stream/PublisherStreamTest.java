package dev.poto.runtime.stream;

import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.guard.DisconnectWatcher;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.protocol.ProblemCodes;
import static dev.poto.runtime.stream.EventStreamWriterTest.context;
import static dev.poto.runtime.stream.EventStreamWriterTest.end;
import static dev.poto.runtime.stream.EventStreamWriterTest.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.RequestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublisherStreamTest {
  final ManualScheduler scheduler = new ManualScheduler();
  final StreamMetrics metrics = new StreamMetrics();
  final EventStreamWriter writer = new EventStreamWriter(Duration.ofSeconds(15), scheduler, metrics, 16, Duration.ZERO);
  final RecordingOutputStream out = new RecordingOutputStream();

  /** Emits "user#i" synchronously from request(), tracking how far ahead of delivery demand ran. */
  static final class RangePublisher implements Flow.Publisher<String> {
    final int size;
    final AtomicLong requested = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong maxOutstanding = new AtomicLong();
    final CountDownLatch cancelled = new CountDownLatch(1);

    RangePublisher(int size) {
      this.size = size;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
      subscriber.onSubscribe(new Flow.Subscription() {
        boolean done;

        public void request(long n) {
          maxOutstanding.accumulateAndGet(requested.addAndGet(n) - delivered.get(), Math::max);
          while (!done && delivered.get() < requested.get() && delivered.get() < size) {
            long i = delivered.getAndIncrement();
            subscriber.onNext(Poto.currentUser().id() + "#" + i); // needs the caller's context
          }
          if (!done && delivered.get() == size) {
            done = true;
            subscriber.onComplete();
          }
        }

        public void cancel() {
          done = true;
          cancelled.countDown();
        }
      });
    }
  }

  @Test
  void aSynchronousPublisherRunsInTheCallersContextWithBoundedDemand() throws Exception {
    RangePublisher publisher = new RangePublisher(100);

    var result = Poto.callWith(context("alice"), () -> writer.write(publisher, EventStreamWriterTest.ANY, out));

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      expected.append(item("\"alice#" + i + "\""));
    }
    assertThat(out.text()).isEqualTo(expected + end(100));
    assertThat(result.outcome()).isEqualTo(EventStreamWriter.Outcome.COMPLETED);
    assertThat(publisher.maxOutstanding.get()).as("never more than one batch requested ahead").isLessThanOrEqualTo(16);
    assertThat(publisher.requested.get()).isLessThan(100 + 16);
  }

  @Test
  void anAsynchronousPublisherThatCapturedTheUserDeliversAndCompletes() throws Exception {
    var executor = Executors.newSingleThreadExecutor();
    try {
      var result = Poto.callWith(context("bob"), () -> {
            String user = Poto.currentUser().id(); // captured on the request thread, as documented
            CountDownLatch subscribed = new CountDownLatch(1);
            SubmissionPublisher<String> publisher = new SubmissionPublisher<>(executor, 4) {
              @Override
              public void subscribe(Flow.Subscriber<? super String> subscriber) {
                super.subscribe(subscriber);
                subscribed.countDown();
              }
            };
            Thread.ofVirtual().start(() -> {
              try {
                subscribed.await(); // a SubmissionPublisher drops what it is given before a subscriber
              } catch (InterruptedException e) {
                return;
              }
              for (int i = 0; i < 50; i++) {
                publisher.submit(user + "#" + i); // blocks while the subscriber lags: backpressure
              }
              publisher.close();
            });
            return writer.write(publisher, EventStreamWriterTest.ANY, out);
          });
      assertThat(result).isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.COMPLETED, 50));
      assertThat(out.text()).startsWith(item("\"bob#0\"")).endsWith(item("\"bob#49\"") + end(50));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void onErrorAfterAnItemBecomesTheErrorEvent() throws Exception {
    Flow.Publisher<Integer> failing = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
          boolean sent;

          public void request(long n) {
            if (!sent) {
              sent = true;
              subscriber.onNext(1);
              subscriber.onError(new RpcException(403, "forbidden", "Not your board"));
            }
          }

          public void cancel() {}
        });

    Poto.callWith(context("u1"), () -> writer.write(failing, EventStreamWriterTest.ANY, out));

    assertThat(out.text()).startsWith(item("1") + "event: error\ndata: {")
        .contains("\"status\":403", "\"code\":\"forbidden\"", "\"detail\":\"Not your board\"")
        .doesNotContain("event: end");
  }

  @Test
  void aDepartedCallerCancelsTheSubscription() throws Exception {
    RangePublisher endless = new RangePublisher(Integer.MAX_VALUE);
    OutputStream brokenAtFirstFlush = new OutputStream() {
      public void write(int b) {}

      public void flush() throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    RequestContext ctx = context("u1");

    var result = Poto.callWith(ctx, () -> writer.write(endless, EventStreamWriterTest.ANY, brokenAtFirstFlush));

    assertThat(result.outcome()).isEqualTo(EventStreamWriter.Outcome.CANCELLED);
    assertThat(endless.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(endless.delivered.get())
        .as("a burst is flushed after 16 items, so the failure shows within a few batches")
        .isLessThanOrEqualTo(64);
    assertThat(ctx.cancellation().reason()).isEqualTo(CancelReasons.CLIENT_GONE);
    assertThat(metrics.snapshot().open()).isZero();
  }

  @Test
  void cancellingTheCallFromElsewhereCancelsASilentPublisher() throws Exception {
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    Flow.Publisher<String> silent = subscriber -> {
      subscriber.onSubscribe(new Flow.Subscription() {
        public void request(long n) {}

        public void cancel() {
          cancelled.countDown();
        }
      });
      subscribed.countDown();
    };
    RequestContext ctx = context("u1");
    var done = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return Poto.callWith(ctx, () -> writer.write(silent, EventStreamWriterTest.ANY, out));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, Thread.ofVirtual()::start);
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();

    ctx.cancellation().cancel(CancelReasons.CLIENT_GONE); // as the DisconnectWatcher would

    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(done.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EventStreamWriter.Outcome.CANCELLED);
    assertThat(out.text()).isEmpty();
    assertThat(metrics.open()).isZero();
  }

  @Test
  void aPublisherSendingMoreThanRequestedIsAnError() throws Exception {
    Flow.Publisher<Integer> greedy = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
          boolean sent;

          public void request(long n) {
            if (!sent) {
              sent = true;
              for (int i = 0; i < n + 1; i++) {
                subscriber.onNext(i);
              }
            }
          }

          public void cancel() {}
        });

    var result = Poto.callWith(context("u1"), () -> writer.write(greedy, EventStreamWriterTest.ANY, out));

    assertThat(result).isEqualTo(new EventStreamWriter.Result(EventStreamWriter.Outcome.FAILED, 16, ProblemCodes.INTERNAL_ERROR));
    assertThat(out.text()).contains("\"code\":\"internal_error\"");
  }
}
