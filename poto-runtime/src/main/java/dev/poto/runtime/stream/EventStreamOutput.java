package dev.poto.runtime.stream;

import dev.poto.runtime.scheduling.TaskScheduler;
import dev.poto.runtime.scheduling.Scheduled;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code text/event-stream} framing over the response body, with the flush policy.
 *
 * <p><b>Flush policy.</b> Flushing a socket costs a system call and an HTTP chunk, far more than
 * encoding a small item, so items are gathered in a buffer and flushed when the first of these
 * happens: the source says nothing more is ready ({@code flushNow}); the buffer is full
 * ({@link #BUFFER_SIZE}); the oldest buffered byte has waited {@code maxDelay} (checked on every
 * write, and by a timer armed whenever bytes are waiting, so an item is flushed even while the
 * producer is blocked on its next one); a heartbeat, {@code end} or {@code error} frame is written.
 * A zero {@code maxDelay} flushes every frame.
 *
 * <p><b>Memory.</b> The buffer is sized to what is waiting: it starts empty, grows (doubling, up to
 * {@link #BUFFER_SIZE}) as frames arrive, and is dropped at every flush, so an open stream with
 * nothing waiting holds no buffer. A fast stream, which hands full buffers to the connection without
 * flushing, keeps its buffer between flushes. When a timed flush or a heartbeat finds the producer
 * quiet, {@code onIdle} runs (outside the lock), so the item encoder can let go of its buffers too.
 *
 * <p>Every frame and every flush happens under one lock, so item frames from the producer, pings
 * from the heartbeat and timed flushes never interleave. After the terminal frame ({@code end} or
 * {@code error}) nothing more is written.
 */
final class EventStreamOutput {
  /**
   * Bytes gathered before they are handed to the connection without waiting for the timer: each
   * hand-over is a write (and an HTTP chunk), so a fast stream goes out in chunks this large.
   */
  static final int BUFFER_SIZE = 64 * 1024;

  /** The first buffer of a burst: a few small frames; it doubles as more wait. */
  static final int FIRST_BUFFER_SIZE = 1024;

  private static final byte[] NO_BUFFER = {};

  private static final byte[] ITEM_PREFIX = ascii("event: item\ndata: ");
  private static final byte[] END_PREFIX = ascii("event: end\ndata: {\"count\":");
  private static final byte[] ERROR_PREFIX = ascii("event: error\ndata: ");
  private static final byte[] END_SUFFIX = ascii("}\n\n");
  private static final byte[] FRAME_END = ascii("\n\n");
  private static final byte[] PING = ascii(": ping\n\n");

  private final OutputStream out;
  private final TaskScheduler scheduler;
  private final long maxDelayNanos;
  private final Runnable onClientGone;
  private final Runnable onIdle;
  private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads may block in write
  private byte[] buffer = NO_BUFFER;
  private int buffered;
  /** Bytes were handed to {@code out} (or wait in the buffer) since the last flush. */
  private boolean dirty;
  private long oldestBufferedNanos;
  private Scheduled flushTimer = Scheduled.NONE;
  private boolean timerArmed;
  private volatile long lastWriteNanos;
  private boolean terminated;
  private boolean closed;
  private long items; // only the writing thread counts

  /**
   * @param maxDelay how long a written frame may wait in the buffer; zero flushes every frame
   * @param onClientGone run when a timed flush finds the connection gone
   * @param onIdle run after a timed flush or a heartbeat: the producer has been quiet
   */
  EventStreamOutput(
      OutputStream out, TaskScheduler scheduler, Duration maxDelay, Runnable onClientGone, Runnable onIdle) {
    this.out = out;
    this.scheduler = scheduler;
    this.maxDelayNanos = maxDelay.toNanos();
    this.onClientGone = onClientGone;
    this.onIdle = onIdle;
    this.lastWriteNanos = scheduler.nanoTime();
  }

  long lastWriteNanos() {
    return lastWriteNanos;
  }

  /**
   * One item whose JSON is {@code json[0, length)} (copied before this returns); {@code flushNow}
   * when the source knows nothing more is ready.
   */
  void item(byte[] json, int length, boolean flushNow) {
    frame(ITEM_PREFIX, json, length, FRAME_END, flushNow, false);
    items++;
  }

  /** Item events written so far; read by the writing thread. */
  long items() {
    return items;
  }

  void end(long count) {
    byte[] digits = ascii(Long.toString(count));
    frame(END_PREFIX, digits, digits.length, END_SUFFIX, true, true);
  }

  void error(byte[] problemJson) {
    frame(ERROR_PREFIX, problemJson, problemJson.length, FRAME_END, true, true);
  }

  /** A heartbeat comment (which also flushes what waits); skipped once the stream has ended. */
  void ping() {
    frame(PING, null, 0, null, true, false);
    onIdle.run();
  }

  /** The size of the buffer held now (zero when nothing waits); for tests of the memory policy. */
  int bufferCapacity() {
    lock.lock();
    try {
      return buffer.length;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a flush timer is held (armed); for tests of the memory policy. */
  boolean holdsFlushTimer() {
    lock.lock();
    try {
      return flushTimer != Scheduled.NONE;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the flush timer; what is still buffered is dropped (the stream was cancelled). */
  void close() {
    Scheduled timer;
    lock.lock();
    try {
      closed = true;
      terminated = true;
      buffered = 0;
      buffer = NO_BUFFER;
      dirty = false;
      timer = flushTimer;
      flushTimer = Scheduled.NONE;
    } finally {
      lock.unlock();
    }
    timer.cancel();
  }

  private void frame(byte[] head, byte[] body, int bodyLength, byte[] tail, boolean flush, boolean terminal) {
    lock.lock();
    try {
      if (terminated) {
        return;
      }
      terminated = terminal;
      long now = scheduler.nanoTime();
      if (!dirty) {
        oldestBufferedNanos = now;
        dirty = true;
      }
      append(head, head.length);
      if (body != null) {
        append(body, bodyLength);
        append(tail, tail.length);
      }
      if (flush || maxDelayNanos <= 0 || now - oldestBufferedNanos >= maxDelayNanos) {
        flushBuffer();
      } else {
        armTimer(maxDelayNanos - (now - oldestBufferedNanos));
      }
      lastWriteNanos = now;
    } catch (IOException e) {
      terminated = true;
      buffered = 0;
      buffer = NO_BUFFER;
      dirty = false;
      throw new ClientGoneException(e);
    } finally {
      lock.unlock();
    }
  }

  private void append(byte[] bytes, int length) throws IOException {
    if (length > buffer.length - buffered) {
      if (buffered + length <= BUFFER_SIZE) {
        grow(buffered + length);
      } else {
        drain();
        if (length > BUFFER_SIZE) {
          out.write(bytes, 0, length); // a big item goes straight through
          return;
        }
        grow(length);
      }
    }
    System.arraycopy(bytes, 0, buffer, buffered, length);
    buffered += length;
  }

  /** Makes room for {@code needed} bytes (at most {@link #BUFFER_SIZE}), keeping what waits. */
  private void grow(int needed) {
    if (needed <= buffer.length) {
      return;
    }
    int size = Math.max(FIRST_BUFFER_SIZE, buffer.length * 2);
    while (size < needed) {
      size *= 2;
    }
    buffer = Arrays.copyOf(buffer, Math.min(size, BUFFER_SIZE));
  }

  /** Hands the buffer to the connection; a full buffer is big enough to go out without a flush. */
  private void drain() throws IOException {
    if (buffered > 0) {
      out.write(buffer, 0, buffered);
      buffered = 0;
    }
  }

  /** Sends what waits and lets go of the buffer: nothing waits now, and the next frame may be far off. */
  private void flushBuffer() throws IOException {
    drain();
    buffer = NO_BUFFER;
    out.flush();
    dirty = false;
  }

  private void armTimer(long delayNanos) {
    if (!timerArmed && !closed) {
      timerArmed = true;
      flushTimer = scheduler.schedule(Duration.ofNanos(delayNanos), this::timedFlush);
    }
  }

  /** The timer: flushes what has waited long enough, or waits again for the rest. */
  private void timedFlush() {
    boolean gone = false;
    boolean flushed = false;
    lock.lock();
    try {
      timerArmed = false;
      flushTimer = Scheduled.NONE; // it has run: an idle stream keeps no spent timer task
      if (closed || !dirty) {
        return;
      }
      long waited = scheduler.nanoTime() - oldestBufferedNanos;
      if (waited < maxDelayNanos) {
        armTimer(maxDelayNanos - waited);
        return;
      }
      flushBuffer();
      flushed = true;
    } catch (IOException e) {
      terminated = true;
      buffered = 0;
      buffer = NO_BUFFER;
      dirty = false;
      gone = true;
    } finally {
      lock.unlock();
    }
    if (gone) {
      onClientGone.run(); // outside the lock: it runs cancellation handlers
    } else if (flushed) {
      onIdle.run(); // the producer has not flushed for a whole delay: it is quiet (outside the lock)
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
