package dev.poto.runtime.stream;

import dev.poto.runtime.scheduling.TaskScheduler;
import dev.poto.runtime.scheduling.Scheduled;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  private final FrameBuffer frames;
  /** Bytes were handed to {@code out} (or wait in the buffer) since the last flush. */
  private boolean dirty;
  private long oldestBufferedNanos;
  private Scheduled flushTimer = Scheduled.NONE;
  private boolean timerArmed;
  /** Tells the armed timer from one cancelled while it was starting. */
  private long timerGeneration;
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
    this.frames = new FrameBuffer(out);
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

  /**
   * One item written by {@code writer} straight into the buffer, under the same lock as any frame;
   * false, with nothing written, when the writer gives the value up (the caller encodes it with
   * Jackson then).
   */
  boolean item(RecordItemWriter writer, Object value, boolean flushNow) {
    lock.lock();
    try {
      if (terminated) {
        items++;
        return true;
      }
      frames.startFrame();
      frames.append(ITEM_PREFIX);
      if (!writer.write(value, frames)) {
        frames.rollback();
        return false;
      }
      frames.append(FRAME_END);
      frames.commit();
      framed(flushNow, false);
      items++;
      return true;
    } catch (IOException e) {
      throw gone(e);
    } finally {
      lock.unlock();
    }
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
      return frames.capacity();
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
      frames.drop();
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
      frames.startFrame();
      frames.append(head);
      if (body != null) {
        frames.appendBody(body, bodyLength);
        frames.append(tail);
      }
      frames.commit();
      framed(flush, terminal);
    } catch (IOException e) {
      throw gone(e);
    } finally {
      lock.unlock();
    }
  }

  /** After a whole frame: flushes now, or makes sure the timer will. Called under the lock. */
  private void framed(boolean flush, boolean terminal) throws IOException {
    terminated = terminal;
    long now = scheduler.nanoTime();
    if (!dirty) {
      oldestBufferedNanos = now;
      dirty = true;
    }
    if (flush || maxDelayNanos <= 0 || now - oldestBufferedNanos >= maxDelayNanos) {
      flushBuffer();
    } else {
      armTimer(maxDelayNanos - (now - oldestBufferedNanos));
    }
    LAST_WRITE.setRelease(this, now); // read by the heartbeat's timer; no fence per item needed
  }

  /** The connection failed: nothing more is written. Called under the lock. */
  private ClientGoneException gone(IOException e) {
    terminated = true;
    frames.drop();
    dirty = false;
    return new ClientGoneException(e);
  }

  /**
   * Sends what waits and lets go of the buffer and of an armed flush timer: nothing waits now, and the
   * next frame may be far off.
   */
  private void flushBuffer() throws IOException {
    frames.drain();
    frames.drop();
    out.flush();
    dirty = false;
    if (timerArmed) {
      timerArmed = false;
      flushTimer.cancel();
      flushTimer = Scheduled.NONE;
    }
  }

  private void armTimer(long delayNanos) {
    if (!timerArmed && !closed) {
      timerArmed = true;
      long armed = ++timerGeneration;
      flushTimer = scheduler.schedule(Duration.ofNanos(delayNanos), () -> timedFlush(armed));
    }
  }

  /** The timer: flushes what has waited long enough, or waits again for the rest. */
  private void timedFlush(long generation) {
    boolean gone = false;
    boolean flushed = false;
    lock.lock();
    try {
      if (generation != timerGeneration || !timerArmed) {
        return; // cancelled by a flush while it was starting: a later timer may be armed
      }
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
      frames.drop();
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

  private static final VarHandle LAST_WRITE;

  static {
    try {
      LAST_WRITE = MethodHandles.lookup().findVarHandle(EventStreamOutput.class, "lastWriteNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
