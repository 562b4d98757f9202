package dev.poto.runtime.lifecycle;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.support.QuietStreams;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * A public module for shutdown tests, with its dispatcher written by hand in the generated shape:
 * {@code slow()} returns once {@link #release} is counted down; {@code ticks()} streams one item and
 * then waits for more that never come; {@code pushed()} is the same as a publisher, which pushes its
 * one item and then holds no thread.
 */
final class DrainModule implements ModuleDispatcher {
  static final RpcMethod SLOW = new RpcMethod("drain", "slow", 0, ResultKind.VALUE, String.class);
  static final RpcMethod TICKS = new RpcMethod("drain", "ticks", 1, ResultKind.ITERATOR, String.class);
  static final RpcMethod PUSHED = new RpcMethod("drain", "pushed", 2, ResultKind.PUBLISHER, String.class);

  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch slowStarted = new CountDownLatch(1);
  /** Counted down when the subscription of a {@code pushed()} stream is cancelled. */
  final CountDownLatch pushedCancelled = new CountDownLatch(1);

  @Override
  public List<RpcMethod> methods() {
    return List.of(SLOW, TICKS, PUSHED);
  }

  @Override
  public MethodAccess access(int index) {
    return MethodAccess.PUBLIC;
  }

  @Override
  public Object invoke(int index, Object[] args) throws Exception {
    return switch (index) {
      case 0 -> {
        slowStarted.countDown();
        release.await();
        yield "done";
      }
      case 1 -> QuietStreams.oneItemThenQuiet("tick");
      case 2 -> (Flow.Publisher<String>) subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
        private boolean sent;

        @Override
        public synchronized void request(long n) {
          if (!sent) {
            sent = true;
            subscriber.onNext("tick"); // then nothing more: the stream stays open and idle
          }
        }

        @Override
        public void cancel() {
          pushedCancelled.countDown();
        }
      });
      default -> throw new IndexOutOfBoundsException(index);
    };
  }
}
