package dev.poto.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body read as an {@link InputStream} while the HTTP client keeps receiving ahead of the
 * reader, by at most {@link #READ_AHEAD} of its buffers.
 *
 * <p>The JDK's {@code BodySubscribers.ofInputStream()} asks for one buffer at a time: the client
 * stops reading the socket until the reader has taken the last buffer, so every 16 KiB costs a
 * hand-off between the reading thread and the client's threads and a pause of the socket. Here the
 * client may deliver up to {@code READ_AHEAD} buffers before the reader catches up (bounded memory:
 * a few hundred KiB), demand is renewed in batches, and one {@code read} drains every buffer already
 * there before it blocks. Each byte is copied once, from the client's buffer into the caller's array.
 *
 * <p>Closing the stream before its end cancels the body, which closes the connection (and so
 * cancels the call on the server); a read waiting in another thread then fails as closed (never an
 * end of input, which would pass for a complete body). A broken body fails the next read with the
 * client's error. Event streams and binary results are both read through it.
 */
final class ReadAheadBody extends InputStream implements BodySubscriber<InputStream> {
  /**
   * The handler of binary results; {@link Transport} recognizes it and may read the body over a
   * connection of its own instead ({@link DirectTransport}).
   */
  static final java.net.http.HttpResponse.BodyHandler<InputStream> BINARY_RESULT = info -> new ReadAheadBody();

  /** The handler of event streams, which {@link Transport} may likewise read over a connection of its own. */
  static final java.net.http.HttpResponse.BodyHandler<InputStream> EVENT_STREAM = info -> new ReadAheadBody();

  /** The most buffers (lists of them, as the client hands them over) received but not yet read. */
  static final int READ_AHEAD = 32;

  /** Demand is renewed once this many have been read, in one request. */
  private static final int RENEW_AFTER = READ_AHEAD / 2;

  private static final List<ByteBuffer> END = List.of();
  /** Wakes a reader waiting in another thread when the body is closed: its read then fails as closed. */
  private static final Object CLOSED = new Object();

  private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
  private volatile Flow.Subscription subscription;
  private List<ByteBuffer> current = List.of();
  private int currentIndex;
  private int consumed;
  private IOException failure;
  private boolean ended;
  private volatile boolean closed;

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = Objects.requireNonNull(subscription, "subscription");
    if (closed) {
      subscription.cancel();
    } else {
      subscription.request(READ_AHEAD);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    received.add(buffers);
  }

  @Override
  public void onError(Throwable error) {
    received.add(error);
  }

  @Override
  public void onComplete() {
    received.add(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return body;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, target.length);
    if (length == 0) {
      return 0;
    }
    int copied = 0;
    while (copied < length) {
      ByteBuffer buffer;
      try {
        buffer = nextWithBytes(copied == 0);
      } catch (IOException e) {
        if (copied == 0 || closed) {
          throw e;
        }
        break; // the bytes before the failure first; it stays, so the next read throws it
      }
      if (buffer == null) {
        break; // the end, or nothing more arrived yet and some bytes are already copied
      }
      int n = Math.min(buffer.remaining(), length - copied);
      buffer.get(target, offset + copied, n);
      copied += n;
    }
    return copied == 0 ? -1 : copied;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    long bytes = 0;
    for (int i = currentIndex; i < current.size(); i++) {
      bytes += current.get(i).remaining();
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /**
   * The buffer to read from next; waits for one only if {@code wait}. Null at the end, or when
   * nothing is there and {@code wait} is false.
   */
  private ByteBuffer nextWithBytes(boolean wait) throws IOException {
    while (true) {
      ensureOpen();
      while (currentIndex < current.size()) {
        ByteBuffer buffer = current.get(currentIndex);
        if (buffer.hasRemaining()) {
          return buffer;
        }
        currentIndex++;
      }
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return null;
      }
      Object next = wait ? take() : received.poll();
      if (next == null) {
        return null;
      }
      accept(next);
    }
  }

  private Object take() throws IOException {
    try {
      return received.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("Interrupted while waiting for the response body");
    }
  }

  @SuppressWarnings("unchecked")
  private void accept(Object next) {
    if (next == CLOSED) {
      return; // the loop's check of closed throws
    }
    if (next == END) {
      ended = true;
    } else if (next instanceof Throwable error) {
      failure = error instanceof IOException io ? io : new IOException(error.getMessage(), error);
    } else {
      current = (List<ByteBuffer>) next;
      currentIndex = 0;
      if (++consumed == RENEW_AFTER) {
        consumed = 0;
        subscription.request(RENEW_AFTER);
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("The response body is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    current = List.of();
    Flow.Subscription s = subscription;
    if (s != null && !ended && failure == null) {
      s.cancel();
    }
    received.clear();
    received.add(CLOSED);
  }
}
