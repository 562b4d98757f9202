package dev.poto.runtime.stream;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts event streams and binary bodies the server is writing, so that operators and tests can
 * check that every stream that started was closed: {@link #open()} returns to zero once all callers
 * have finished or gone away. Thread-safe; one instance per server.
 */
public final class StreamMetrics {
  private final LongAdder started = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder sourcesClosed = new LongAdder();
  private final LongAdder clientsGone = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** An immutable reading of the counters. */
  public record Snapshot(long started, long closed, long open, long sourcesClosed, long clientsGone, long failed) {}

  void streamStarted() {
    started.increment();
  }

  void streamClosed() {
    closed.increment();
  }

  /** A result's source was closed: {@code Stream.close()} (running its onClose handlers),
   *  {@code AutoCloseable.close()} of an iterator, a subscription cancelled or an InputStream closed. */
  void sourceClosed() {
    sourcesClosed.increment();
  }

  void clientGone() {
    clientsGone.increment();
  }

  void producerFailed() {
    failed.increment();
  }

  /** Streams being written right now. */
  public long open() {
    return snapshot().open();
  }

  public Snapshot snapshot() {
    long c = closed.sum(); // read before started: a stream is counted started before it is closed
    long s = started.sum();
    return new Snapshot(s, c, Math.max(0, s - c), sourcesClosed.sum(), clientsGone.sum(), failed.sum());
  }
}
