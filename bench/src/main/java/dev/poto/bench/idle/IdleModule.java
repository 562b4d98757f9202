package dev.poto.bench.idle;

import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams that send one item and then wait for news that never comes, as a page watching a quiet
 * board does: what such a stream costs the server is what an idle open stream costs. {@link #watch}
 * pushes (a {@code Flow.Publisher}: no thread while idle), {@link #watchPulled} is pulled (a
 * {@code Stream} whose thread stays parked in {@code hasNext}), for a comparison in the same run.
 */
@RpcModule("benchidle")
public class IdleModule {
  private final AtomicInteger open = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);

  /** One tick when first asked, then nothing until the caller leaves (the runtime cancels then). */
  @Rpc
  public Flow.Publisher<Tick> watch() {
    open.incrementAndGet();
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      private final AtomicBoolean sent = new AtomicBoolean();
      private final AtomicBoolean cancelled = new AtomicBoolean();

      @Override
      public void request(long n) {
        if (sent.compareAndSet(false, true)) {
          subscriber.onNext(new Tick(1, "watching"));
        }
      }

      @Override
      public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
          open.decrementAndGet();
        }
      }
    });
  }

  /** The same as a pulled stream: one tick, then its thread parks until the call is cancelled. */
  @Rpc
  public Stream<Tick> watchPulled() {
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

  /** Streams whose method has started and whose subscription or stream is not closed yet. */
  int openStreams() {
    return open.get();
  }
}
