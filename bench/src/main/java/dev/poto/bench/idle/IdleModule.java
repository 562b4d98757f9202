package dev.poto.bench.idle;

import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.Spliterators;
import java.util.Spliterator;

/**
 * A stream that sends one item and then waits for news that never comes, as a page watching a quiet
 * board does: what such a stream costs the server is what an idle open stream costs.
 */
@RpcModule("benchidle")
public class IdleModule {
  private final AtomicInteger open = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);

  @Rpc
  public Stream<Tick> watch() {
    open.incrementAndGet();
    Iterator<Tick> ticks = new Iterator<>() {
      private boolean sentFirst;

      @Override
      public boolean hasNext() {
        if (!sentFirst) {
          return true;
        }
        try {
          never.await(); // parks the virtual thread until the call is cancelled (interrupt)
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }

      @Override
      public Tick next() {
        if (sentFirst) {
          throw new NoSuchElementException();
        }
        sentFirst = true;
        return new Tick(1, "watching");
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(ticks, Spliterator.ORDERED), false)
        .onClose(open::decrementAndGet);
  }

  /** Streams whose method has started and whose close handler has not run yet. */
  int openStreams() {
    return open.get();
  }
}
