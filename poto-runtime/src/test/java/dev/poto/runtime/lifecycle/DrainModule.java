package dev.poto.runtime.lifecycle;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A public module for shutdown tests, with its dispatcher written by hand in the generated shape:
 * {@code slow()} returns once {@link #release} is counted down; {@code ticks()} streams one item and
 * then waits for more that never come.
 */
final class DrainModule implements ModuleDispatcher {
  static final RpcMethod SLOW = new RpcMethod("drain", "slow", 0, ResultKind.VALUE, String.class);
  static final RpcMethod TICKS = new RpcMethod("drain", "ticks", 1, ResultKind.ITERATOR, String.class);

  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch slowStarted = new CountDownLatch(1);

  @Override
  public List<RpcMethod> methods() {
    return List.of(SLOW, TICKS);
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
      case 1 -> new Iterator<String>() {
        private boolean first = true;

        @Override
        public boolean hasNext() {
          if (first) {
            return true;
          }
          try {
            new CountDownLatch(1).await(); // no second item; only cancellation ends this
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return false;
        }

        @Override
        public String next() {
          first = false;
          return "tick";
        }
      };
      default -> throw new IndexOutOfBoundsException(index);
    };
  }
}
