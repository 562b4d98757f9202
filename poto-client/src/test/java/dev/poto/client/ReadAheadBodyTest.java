package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadAheadBodyTest {
  /** Records the demand and cancellation the body signals. */
  private static final class RecordingSubscription implements Flow.Subscription {
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void request(long n) {
      requested.addAndGet(n);
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }
  }

  private static List<ByteBuffer> bytes(int... values) {
    byte[] array = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      array[i] = (byte) values[i];
    }
    return List.of(ByteBuffer.wrap(array));
  }

  @Test
  void theClientMayDeliverManyBuffersBeforeTheFirstRead() {
    ReadAheadBody body = new ReadAheadBody();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    // ofInputStream() asks for one: the socket would pause after every buffer.
    assertThat(subscription.requested.get()).isEqualTo(ReadAheadBody.READ_AHEAD);
  }

  @Test
  void demandIsRenewedInBatchesAndNeverExceedsTheReadAhead() throws IOException {
    ReadAheadBody body = new ReadAheadBody();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    long delivered = 0;
    byte[] sink = new byte[1];
    for (int i = 0; i < 5 * ReadAheadBody.READ_AHEAD; i++) {
      while (delivered < subscription.requested.get()) {
        body.onNext(bytes(i));
        delivered++;
      }
      assertThat(body.read(sink, 0, 1)).isEqualTo(1);
      long outstanding = subscription.requested.get() - (i + 1);
      assertThat(outstanding).isBetween(1L, (long) ReadAheadBody.READ_AHEAD);
    }
  }

  @Test
  void oneReadDrainsEveryBufferAlreadyReceivedInOrder() throws IOException {
    ReadAheadBody body = new ReadAheadBody();
    body.onSubscribe(new RecordingSubscription());
    body.onNext(bytes(1, 2));
    body.onNext(List.of(ByteBuffer.wrap(new byte[] {3}), ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {4, 5})));
    body.onNext(bytes(6));
    byte[] target = new byte[10];
    assertThat(body.read(target, 2, 5)).isEqualTo(5);
    assertThat(target).startsWith(0, 0, 1, 2, 3, 4, 5, 0);
    assertThat(body.available()).isZero(); // the 6 is received but not in the current list
    assertThat(body.read()).isEqualTo(6);
    body.onComplete();
    assertThat(body.read(target, 0, 10)).isEqualTo(-1);
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void aReadReturnsWhatIsThereWithoutWaitingForMore() throws IOException {
    ReadAheadBody body = new ReadAheadBody();
    body.onSubscribe(new RecordingSubscription());
    body.onNext(bytes(7, 8, 9));
    byte[] target = new byte[64];
    assertThat(body.read(target, 0, 64)).isEqualTo(3); // returns, though the body has not ended
  }

  @Test
  void aBrokenBodyFailsTheReadAfterTheBytesBeforeIt() throws IOException {
    ReadAheadBody body = new ReadAheadBody();
    body.onSubscribe(new RecordingSubscription());
    body.onNext(bytes(1, 2, 3));
    EOFException cut = new EOFException("EOF reached while reading");
    body.onError(cut);
    byte[] target = new byte[8];
    assertThat(body.read(target, 0, 8)).isEqualTo(3);
    assertThatThrownBy(() -> body.read(target, 0, 8)).isSameAs(cut);
    assertThatThrownBy(body::read).isSameAs(cut); // never turns into a clean end
  }

  @Test
  void aFailureThatIsNotAnIOExceptionStillFailsTheRead() {
    ReadAheadBody body = new ReadAheadBody();
    body.onSubscribe(new RecordingSubscription());
    IllegalStateException cause = new IllegalStateException("boom");
    body.onError(cause);
    assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasCause(cause);
  }

  @Test
  void closingBeforeTheEndCancelsTheBodyAndLaterReadsFail() throws IOException {
    ReadAheadBody body = new ReadAheadBody();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    body.onNext(bytes(1));
    body.close();
    assertThat(subscription.cancelled).isTrue();
    assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void closingAfterTheEndCancelsNothing() throws IOException {
    ReadAheadBody body = new ReadAheadBody();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    body.onComplete();
    assertThat(body.read()).isEqualTo(-1);
    body.close();
    assertThat(subscription.cancelled).isFalse();
  }

  @Test
  void closedBeforeTheSubscriptionArrivesCancelsIt() {
    ReadAheadBody body = new ReadAheadBody();
    body.close();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    assertThat(subscription.cancelled).isTrue();
    assertThat(subscription.requested.get()).isZero();
  }

  @Test
  void closingWakesAReadWaitingInAnotherThreadAndFailsIt() throws Exception {
    ReadAheadBody body = new ReadAheadBody();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try {
        failure.complete(new AssertionError("read returned " + body.read())); // an end would pass for a whole body
      } catch (Throwable e) {
        failure.complete(e);
      }
    });
    while (reader.getState() != Thread.State.WAITING) {
      Thread.onSpinWait(); // until the read waits for a buffer
    }

    body.close();

    assertThat(failure.get(30, java.util.concurrent.TimeUnit.SECONDS))
        .isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThat(subscription.cancelled).isTrue();
  }

  @Test
  void anInterruptedReadClosesTheBodyAndSaysSo() {
    ReadAheadBody body = new ReadAheadBody();
    RecordingSubscription subscription = new RecordingSubscription();
    body.onSubscribe(subscription);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(body::read).isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(subscription.cancelled).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
