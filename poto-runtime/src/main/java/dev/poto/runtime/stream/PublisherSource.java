package dev.poto.runtime.stream;

import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.guard.WorkerInterrupter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes a {@link Flow.Publisher}'s items as the publisher pushes them, with no thread of the stream's
 * own while nothing waits: an idle pushed stream is a subscriber object, not a parked stack.
 *
 * <p><b>Bursts.</b> Every signal (an item, the end, a failure, the call's cancellation) is queued and,
 * if no burst is running, starts one: a short-lived thread from {@code bursts} (a fresh virtual thread)
 * that writes what is queued, asks for more, flushes when the queue is empty and ends. One burst at a
 * time (a counter of missed signals), so frames keep the publisher's order, and the burst that finds
 * the end writes the last frame and closes the stream ({@code onEnd}).
 *
 * <p><b>Demand.</b> {@code batch} items are requested at first and half a batch more each time half a
 * batch has been written to the output (which blocks while the caller reads slowly), so at most
 * {@code batch} items wait in memory. A publisher that sends more than was requested fails the stream
 * with an error event and its subscription is cancelled (Reactive Streams rule 1.1).
 *
 * <p><b>Context.</b> {@code subscribe} runs on the thread that starts the stream and every
 * {@code request} on a burst, both inside the caller's context, so a publisher that emits
 * synchronously from {@code request} sees {@code Poto.context()}. A publisher that emits from its own
 * threads (a {@code SubmissionPublisher}) does not: it must capture what it needs before it returns.
 * Each item is encoded in {@code onNext}, on the publisher's thread, so a publisher may reuse a
 * mutable item. A burst blocked in a write is interrupted when the call is cancelled.
 */
final class PublisherSource implements Flow.Subscriber<Object> {
  private final Flow.Publisher<?> publisher;
  private final ItemEncoder encoder;
  private final int batch;
  private final int replenish;
  private final EventStreamOutput output;
  private final RequestContext context;
  private final Cancellation cancellation;
  private final Executor bursts;
  private final WorkerInterrupter interrupter;
  /** Writes the terminal frame and closes the stream: null when the publisher completed. */
  private final Consumer<Throwable> onEnd;

  private final Queue<byte[]> items = new ConcurrentLinkedQueue<>();
  /** Signals not yet looked at by a burst; a burst runs while it is above zero. */
  private final AtomicInteger missed = new AtomicInteger();
  private volatile boolean completed;
  private volatile Throwable failure;

  /** Serializes request and cancel (Reactive Streams rule 2.7): a burst requests, a canceller cancels. */
  private final ReentrantLock subscriptionLock = new ReentrantLock();
  private Flow.Subscription subscription; // guarded by subscriptionLock
  private boolean subscriptionCancelled; // guarded by subscriptionLock
  private long unreceived; // items requested and not yet received; guarded by subscriptionLock

  // Read and written by bursts only, which never overlap.
  private boolean firstRequestMade;
  private int writtenSinceRequest;
  private boolean ended;

  PublisherSource(
      Flow.Publisher<?> publisher, ItemEncoder encoder, int batch, EventStreamOutput output,
      RequestContext context, Executor bursts, Consumer<Throwable> onEnd) {
    if (batch < 2) {
      throw new IllegalArgumentException("publisher batch must be at least 2, was " + batch);
    }
    this.publisher = publisher;
    this.encoder = encoder;
    this.batch = batch;
    this.replenish = batch / 2;
    this.output = output;
    this.context = context;
    this.cancellation = context.cancellation();
    this.bursts = bursts;
    this.interrupter = WorkerInterrupter.forThreadsToCome(cancellation);
    this.onEnd = onEnd;
  }

  /** Subscribes, on the calling thread (inside the caller's context), and returns. */
  @SuppressWarnings("unchecked")
  void start() {
    cancellation.onCancel(this::cancel);
    try {
      ((Flow.Publisher<Object>) publisher).subscribe(this);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Called from any thread when the call is cancelled: the subscription ends, a burst ends the stream. */
  private void cancel() {
    cancelSubscription();
    signal();
  }

  // --- Flow.Subscriber, called by the publisher on its own threads ---

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscriptionLock.lock();
    try {
      if (subscription != null) {
        s.cancel(); // rule 2.5: a second subscription is refused
        return;
      }
      subscription = s;
      if (subscriptionCancelled) {
        s.cancel();
        return;
      }
    } finally {
      subscriptionLock.unlock();
    }
    signal(); // a burst makes the first request, inside the caller's context
  }

  @Override
  public void onNext(Object value) {
    subscriptionLock.lock();
    try {
      if (subscriptionCancelled) {
        return;
      }
      if (--unreceived < 0) {
        fail(new IllegalStateException("The publisher sent more items than were requested"));
        return;
      }
      // Encoded under the lock: the encoder is shared, and a publisher breaking rule 1.3 must not corrupt it.
      items.add(encoder.encodeToArray(value));
    } catch (Exception e) {
      fail(e);
      return;
    } finally {
      subscriptionLock.unlock();
    }
    signal();
  }

  @Override
  public void onError(Throwable error) {
    if (failure == null) {
      failure = error;
    }
    signal();
  }

  @Override
  public void onComplete() {
    completed = true;
    signal();
  }

  private void fail(Throwable error) {
    if (failure == null) {
      failure = error;
    }
    cancelSubscription();
    signal();
  }

  /** Something to look at: starts a burst unless one is running (it will look again before it ends). */
  private void signal() {
    if (missed.getAndIncrement() == 0) {
      bursts.execute(this::burst);
    }
  }

  private void burst() {
    interrupter.enter();
    try {
      CallScope.run(context, this::drain);
    } finally {
      interrupter.close(); // clears an interrupt it delivered to this thread
    }
  }

  private void drain() {
    int seen = missed.get();
    while (true) {
      if (!ended) {
        writeWhatWaits();
      }
      seen = missed.addAndGet(-seen);
      if (seen == 0) {
        return;
      }
    }
  }

  private void writeWhatWaits() {
    try {
      // Read before the queue: an end or failure signalled now comes after every item already queued.
      boolean finished = completed || failure != null;
      if (!firstRequestMade && !cancellation.isCancelled() && subscribed()) {
        firstRequestMade = true;
        request(batch);
      }
      byte[] json;
      while (!cancellation.isCancelled() && (json = items.poll()) != null) {
        output.item(json, json.length, items.isEmpty() && !finished); // nothing more ready: flush now
        if (++writtenSinceRequest >= replenish) {
          writtenSinceRequest = 0;
          request(replenish); // a synchronous publisher queues the next items from within request
        }
      }
      if (cancellation.isCancelled()) {
        end(null); // the writer tells a deadline, a shutdown and a departed caller apart
      } else if (finished && items.isEmpty()) {
        end(failure);
      } else {
        encoder.release(); // nothing waits: the stream is idle until the publisher pushes again
      }
    } catch (ClientGoneException e) {
      cancellation.cancel(CancelReasons.CLIENT_GONE);
      end(null);
    } catch (RuntimeException e) { // a request that threw (rule 3.16 says it must not)
      end(e);
    } catch (VirtualMachineError e) {
      end(e); // the stream is closed without an error event; the error goes on to the thread's handler
      throw e;
    }
  }

  private void end(Throwable error) {
    ended = true;
    items.clear();
    cancelSubscription();
    onEnd.accept(error);
  }

  private boolean subscribed() {
    subscriptionLock.lock();
    try {
      return subscription != null;
    } finally {
      subscriptionLock.unlock();
    }
  }

  private void request(long n) {
    // Under the (reentrant) lock, so request and cancel stay serial; a synchronous publisher calls
    // onNext from within request on this same thread.
    subscriptionLock.lock();
    try {
      if (subscriptionCancelled) {
        return;
      }
      unreceived += n;
      subscription.request(n);
    } finally {
      subscriptionLock.unlock();
    }
  }

  private void cancelSubscription() {
    subscriptionLock.lock();
    try {
      if (subscriptionCancelled) {
        return;
      }
      subscriptionCancelled = true;
      if (subscription != null) {
        subscription.cancel();
      }
    } finally {
      subscriptionLock.unlock();
    }
  }
}
