package dev.poto.runtime.support;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;

/** Stream results for tests of what happens to a stream that has gone quiet. */
public final class QuietStreams {
  private QuietStreams() {}

  /** An iterator that yields {@code first}, then waits for a second item that never comes: only cancellation (an interrupt) ends it. */
  public static <T> Iterator<T> oneItemThenQuiet(T first) {
    return new Iterator<>() {
      private boolean sent;

      @Override
      public boolean hasNext() {
        if (!sent) {
          return true;
        }
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }

      @Override
      public T next() {
        sent = true;
        return first;
      }
    };
  }
}
