package dev.poto.runtime.lifecycle;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A public module for shutdown tests, with its dispatcher written by hand in the generated shape:
 * {@code slow()} returns once {@link #release} is counted down; {@code ticks()} streams one item and
 * then waits for more that never come.
 */
final class DrainModule implements ModuleDispatcher {
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();
  static final RpcMethod SLOW = new RpcMethod("drain", "slow", 0, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, true, Set.of());
  static final RpcMethod TICKS = new RpcMethod("drain", "ticks", 1, List.of(),
      TYPES.constructType(String.class), ResultKind.ITERATOR, true, Set.of());

  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch slowStarted = new CountDownLatch(1);

  @Override
  public String route() {
    return "drain";
  }

  @Override
  public List<RpcMethod> methods() {
    return List.of(SLOW, TICKS);
  }

  @Override
  public RpcMethod method(String name) {
    return switch (name) {
      case "slow" -> SLOW;
      case "ticks" -> TICKS;
      default -> null;
    };
  }

  @Override
  public Object invoke(RpcMethod method, Object[] args) throws Exception {
    return switch (method.index()) {
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
      default -> throw new IllegalArgumentException(method.name());
    };
  }
}
