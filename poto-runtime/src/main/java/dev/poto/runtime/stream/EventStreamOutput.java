package dev.poto.runtime.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The {@code text/event-stream} framing over the response body. Every frame is written and flushed
 * under one lock, so item frames from the producer and pings from the heartbeat never interleave.
 * After the terminal frame ({@code end} or {@code error}) nothing more is written.
 */
final class EventStreamOutput {
  private static final byte[] ITEM_PREFIX = ascii("event: item\ndata: ");
  private static final byte[] END_PREFIX = ascii("event: end\ndata: {\"count\":");
  private static final byte[] ERROR_PREFIX = ascii("event: error\ndata: ");
  private static final byte[] END_SUFFIX = ascii("}\n\n");
  private static final byte[] FRAME_END = ascii("\n\n");
  private static final byte[] PING = ascii(": ping\n\n");

  private final OutputStream out;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads may block in write
  private volatile long lastWriteNanos;
  private boolean terminated;

  EventStreamOutput(OutputStream out, LongSupplier clock) {
    this.out = out;
    this.clock = clock;
    this.lastWriteNanos = clock.getAsLong();
  }

  long lastWriteNanos() {
    return lastWriteNanos;
  }

  /** One item; {@code flush} false lets a producer with more items ready batch them into one flush. */
  void item(byte[] json, boolean flush) {
    frame(ITEM_PREFIX, json, FRAME_END, flush, false);
  }

  void end(long count) {
    frame(END_PREFIX, ascii(Long.toString(count)), END_SUFFIX, true, true);
  }

  void error(byte[] problemJson) {
    frame(ERROR_PREFIX, problemJson, FRAME_END, true, true);
  }

  /** A heartbeat comment; skipped once the stream has ended. */
  void ping() {
    frame(PING, null, null, true, false);
  }

  private void frame(byte[] head, byte[] body, byte[] tail, boolean flush, boolean terminal) {
    lock.lock();
    try {
      if (terminated) {
        return;
      }
      terminated = terminal;
      out.write(head);
      if (body != null) {
        out.write(body);
        out.write(tail);
      }
      if (flush) {
        out.flush();
      }
      lastWriteNanos = clock.getAsLong();
    } catch (IOException e) {
      terminated = true;
      throw new ClientGoneException(e);
    } finally {
      lock.unlock();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
