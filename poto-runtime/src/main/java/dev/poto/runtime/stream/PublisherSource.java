package dev.poto.runtime.stream;

import dev.poto.runtime.context.Cancellation;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adapts a {@link Flow.Publisher} to the pull-based writer with bounded demand: {@code batch} items
 * are requested at first and half a batch more each time half a batch has been written, so at most
 * {@code batch} items wait in memory. Each item is encoded in {@code onNext}, on whichever thread
 * the publisher uses, so the publisher may reuse a mutable item.
 *
 * <p>Context: {@code subscribe} and every {@code request} happen on the writing thread, inside the
 * caller's context, so a publisher that emits synchronously from {@code request} sees
 * {@code Poto.context()}. A publisher that emits from its own threads (e.g. a
 * {@code SubmissionPublisher}) does not: it must capture what it needs (the user, the request id)
 * before it returns the publisher.
 */
final class PublisherSource implements ItemSource, Flow.Subscriber<Object> {
  private sealed interface Signal {}

  private record Subscribed() implements Signal {}

  private record Item(byte[] json) implements Signal {}

  private record Failed(Throwable error) implements Signal {}

  private record Completed() implements Signal {}

  private final Flow.Publisher<?> publisher;
  private final ItemEncoder encoder;
  private final int batch;
  private final int replenish;
  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  /** Serializes request and cancel (Reactive Streams rule 2.7): the writer requests, a canceller cancels. */
  private final ReentrantLock subscriptionLock = new ReentrantLock();
  private Flow.Subscription subscription;
  private boolean cancelled;
  private boolean subscribed;
  private boolean done;
  private long unreceived; // items requested and not yet received; guarded by subscriptionLock
  private int consumedSinceRequest;

  PublisherSource(Flow.Publisher<?> publisher, ItemEncoder encoder, int batch) {
    if (batch < 2) {
      throw new IllegalArgumentException("publisher batch must be at least 2, was " + batch);
    }
    this.publisher = publisher;
    this.encoder = encoder;
    this.batch = batch;
    this.replenish = batch / 2;
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean writeItems(EventStreamOutput output, Cancellation cancellation) throws Exception {
    while (!cancellation.isCancelled()) {
      byte[] json = next();
      if (json == null) {
        return true;
      }
      output.item(json, json.length, signals.peek() == null); // nothing more ready: flush now
    }
    return false;
  }

  private byte[] next() throws Exception {
    if (done) {
      return null;
    }
    if (!subscribed) {
      subscribed = true;
      ((Flow.Publisher<Object>) publisher).subscribe(this);
    }
    while (true) {
      switch (signals.take()) {
        case Subscribed s -> request(batch);
        case Item item -> {
          if (++consumedSinceRequest >= replenish) {
            consumedSinceRequest = 0;
            request(replenish);
          }
          return item.json();
        }
        case Failed failed -> {
          done = true;
          Throwable error = failed.error();
          if (error instanceof Exception e) {
            throw e;
          }
          throw new ExecutionException("The publisher failed", error);
        }
        case Completed c -> {
          done = true;
          return null;
        }
      }
    }
  }

  @Override
  public void close() {
    done = true;
    cancelSubscription();
  }

  @Override
  public void cancel() {
    cancelSubscription();
    signals.offer(new Failed(new CancellationException("The call was cancelled")));
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
      if (cancelled) {
        s.cancel();
        return;
      }
    } finally {
      subscriptionLock.unlock();
    }
    signals.offer(new Subscribed());
  }

  @Override
  public void onNext(Object value) {
    subscriptionLock.lock();
    try {
      if (cancelled) {
        return;
      }
      if (--unreceived < 0) {
        cancelled = true;
        subscription.cancel();
        signals.offer(
            new Failed(new IllegalStateException("The publisher sent more items than were requested")));
        return;
      }
      // Encoded under the lock: the encoder is shared, and a publisher breaking rule 1.3 must not corrupt it.
      signals.offer(new Item(encoder.encodeToArray(value)));
    } catch (Exception e) {
      cancelSubscription();
      signals.offer(new Failed(e));
    } finally {
      subscriptionLock.unlock();
    }
  }

  @Override
  public void onError(Throwable error) {
    signals.offer(new Failed(error));
  }

  @Override
  public void onComplete() {
    signals.offer(new Completed());
  }

  private void request(long n) {
    // Under the (reentrant) lock, so request and cancel stay serial; a synchronous publisher calls
    // onNext from within request on this same thread.
    subscriptionLock.lock();
    try {
      if (cancelled) {
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
      if (cancelled) {
        return;
      }
      cancelled = true;
      if (subscription != null) {
        subscription.cancel();
      }
    } finally {
      subscriptionLock.unlock();
    }
  }
}
