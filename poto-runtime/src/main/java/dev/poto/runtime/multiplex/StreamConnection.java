package dev.poto.runtime.multiplex;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open shared stream connection: the {@code text/event-stream} answer of a
 * {@code POST {prefix}/_streams}, which carries the frames of many streams, each tagged with its
 * stream id. The streams themselves are ordinary calls started by their own POSTs (authenticated,
 * authorised and run in their own context); this class only owns the shared body and knows which
 * streams are open on it, so that closing the connection (the page went away) cancels all of them.
 *
 * <p>Every frame is written under one lock, so frames of concurrent streams never interleave.
 */
public final class StreamConnection {
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private final String id;
  private final String owner;
  private final int maxStreams;
  private final ReentrantLock writeLock = new ReentrantLock(); // not synchronized: virtual threads block in write
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  /** Open streams by id, each with its call's cancellation. Guarded by {@code this}. */
  private final Map<String, Cancellation> streams = new LinkedHashMap<>();
  /** Ids cancelled before their start arrived, so a late start is refused. Guarded by {@code this}. */
  private final SequencedSet<String> cancelledEarly = new LinkedHashSet<>();
  private boolean closed; // guarded by this
  private OutputStream body;
  /** The runtime's scheduler, whose clock measures idleness; set by {@link #start}, before any write. */
  private volatile TaskScheduler clock;
  private volatile long lastWriteNanos;
  private Scheduled heartbeat = Scheduled.NONE;

  StreamConnection(String id, String owner, int maxStreams) {
    this.id = id;
    this.owner = owner;
    this.maxStreams = maxStreams;
  }

  /** The connection's secret id: whoever knows it can start streams on it and read them. */
  public String id() {
    return id;
  }

  /** The user id that opened it. */
  public String owner() {
    return owner;
  }

  public int maxStreams() {
    return maxStreams;
  }

  /**
   * Starts the body: writes the {@code open} frame and flushes it, then sends a heartbeat whenever
   * nothing was written for {@code heartbeatInterval}. A failed write closes the connection.
   */
  public void start(OutputStream body, Duration heartbeatInterval, TaskScheduler scheduler) throws IOException {
    this.clock = scheduler;
    this.body = body;
    byte[] open = ("event: open\ndata: {\"connection\":\"" + id + "\",\"maxStreams\":" + maxStreams + "}\n\n")
        .getBytes(StandardCharsets.US_ASCII);
    writeFrame(null, open, 0, open.length);
    flush();
    scheduleHeartbeat(heartbeatInterval, scheduler);
  }

  private void scheduleHeartbeat(Duration interval, TaskScheduler scheduler) {
    synchronized (this) {
      if (closed) {
        return;
      }
      long idle = scheduler.nanoTime() - lastWriteNanos;
      Duration wait = idle >= interval.toNanos() ? interval : interval.minusNanos(idle);
      heartbeat = scheduler.schedule(wait, () -> {
        if (scheduler.nanoTime() - lastWriteNanos >= interval.toNanos()) {
          try {
            writeFrame(null, PING, 0, PING.length);
            flush();
          } catch (IOException e) {
            return; // writeFrame closed the connection
          }
        }
        scheduleHeartbeat(interval, scheduler);
      });
    }
  }

  /** Blocks until the connection is closed (by the caller leaving, a failed write, or the server stopping). */
  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Reserves the place of a stream that is about to start, bound to its call's cancellation (which
   * closing the connection or a cancel request triggers).
   *
   * @throws RpcException 404 {@code unknown_connection} when the connection has closed meanwhile;
   *     400 {@code invalid_argument} when the id is taken or was cancelled already; 429
   *     {@code too_many_streams} at the limit
   */
  public synchronized void reserve(String streamId, Cancellation cancellation) {
    if (closed) {
      throw StreamConnections.unknownConnection();
    }
    if (streams.containsKey(streamId) || cancelledEarly.remove(streamId)) {
      throw new RpcException(
          400, ProblemCodes.INVALID_ARGUMENT, "Stream id '" + streamId + "' is already in use on this connection");
    }
    if (streams.size() >= maxStreams) {
      throw new RpcException(
          429, ProblemCodes.TOO_MANY_STREAMS,
          "This connection already carries " + maxStreams + " streams; end one or open another connection");
    }
    streams.put(streamId, cancellation);
  }

  /** Forgets a stream that has ended (or never started). */
  public synchronized void release(String streamId) {
    streams.remove(streamId);
  }

  /** Cancels one stream, as if its caller had gone; an unknown id is remembered so its start is refused. */
  public void cancel(String streamId) {
    Cancellation cancellation;
    synchronized (this) {
      cancellation = streams.get(streamId);
      if (cancellation == null && !closed) {
        cancelledEarly.add(streamId);
        if (cancelledEarly.size() > maxStreams) {
          cancelledEarly.removeFirst();
        }
      }
    }
    if (cancellation != null) {
      cancellation.cancel(CancelReasons.CLIENT_GONE);
    }
  }

  public synchronized int openStreams() {
    return streams.size();
  }

  /** The body a stream's event-stream writer writes to: its frames, tagged with {@code streamId}. */
  public OutputStream framesOf(String streamId) {
    return new TaggedFrames(this, streamId);
  }

  void writeFrame(byte[] tag, byte[] frame, int offset, int length) throws IOException {
    writeLock.lock();
    try {
      if (isClosed()) {
        throw new IOException("The stream connection is closed");
      }
      if (tag != null) {
        body.write(tag);
      }
      body.write(frame, offset, length);
      lastWriteNanos = clock.nanoTime();
    } catch (IOException e) {
      close();
      throw e;
    } finally {
      writeLock.unlock();
    }
  }

  void flush() throws IOException {
    writeLock.lock();
    try {
      if (isClosed()) {
        throw new IOException("The stream connection is closed");
      }
      body.flush();
    } catch (IOException e) {
      close();
      throw e;
    } finally {
      writeLock.unlock();
    }
  }

  /** Closes the connection: every stream still open on it is cancelled, and {@link #awaitClosed} returns. */
  public void close() {
    List<Cancellation> toCancel;
    Scheduled timer;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toCancel = new ArrayList<>(streams.values());
      streams.clear();
      cancelledEarly.clear();
      timer = heartbeat;
      heartbeat = Scheduled.NONE;
    }
    timer.cancel();
    toCancel.forEach(c -> c.cancel(CancelReasons.CLIENT_GONE));
    closedLatch.countDown();
  }
}
