package dev.poto.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body as an {@link InputStream} that keeps several buffers requested ahead of the reader.
 * The JDK's {@code BodyHandlers.ofInputStream()} asks for one buffer at a time, so a fast reader waits
 * for a round trip through the client's threads after every buffer; here the connection keeps
 * delivering while the reader works, up to a bounded number of buffers. Closing cancels the
 * subscription, which closes the connection, as with the JDK's stream. One reader thread; {@link
 * #close()} may come from any thread.
 */
final class ReadAheadBodySubscriber extends InputStream implements BodySubscriber<InputStream> {
  /** Buffer lists requested ahead; each is typically one buffer of the client's buffer size. */
  private static final int AHEAD = 16;
  /** Demand is renewed in batches, so a reader does not call into the client for every buffer. */
  private static final int RENEW = AHEAD / 2;
  /** Queued after the last buffer (complete, failed or closed); identity-compared. */
  private static final List<ByteBuffer> LAST = List.of(ByteBuffer.allocate(0));

  /** Room for every buffer asked for plus the end marker, so offers from the client never block. */
  private final BlockingQueue<List<ByteBuffer>> queue = new ArrayBlockingQueue<>(AHEAD + 2);
  private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
  private volatile Flow.Subscription subscription;
  private volatile Throwable failure;
  private volatile boolean closed;

  // Reader state: the list being read, the position in it, the demand used up since the last renewal.
  private List<ByteBuffer> current = List.of();
  private int index;
  private int consumed;
  private boolean ended;

  @Override
  public CompletionStage<InputStream> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (closed) {
      s.cancel(); // closed before the body began
    } else {
      s.request(AHEAD);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.offer(item);
  }

  @Override
  public void onError(Throwable error) {
    failure = error;
    queue.offer(LAST);
  }

  @Override
  public void onComplete() {
    queue.offer(LAST);
  }

  @Override
  public int read() throws IOException {
    ByteBuffer buffer = nextBuffer(true);
    return buffer == null ? -1 : buffer.get() & 0xff;
  }

  /** Copies what has arrived, up to {@code length}; blocks only when nothing has. */
  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (length == 0) {
      return 0;
    }
    int copied = 0;
    while (copied < length) {
      ByteBuffer buffer = nextBuffer(copied == 0);
      if (buffer == null) {
        break;
      }
      int n = Math.min(buffer.remaining(), length - copied);
      buffer.get(into, offset + copied, n);
      copied += n;
    }
    return copied == 0 ? -1 : copied;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    int total = 0;
    for (int i = index; i < current.size(); i++) {
      total += current.get(i).remaining();
    }
    return total;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    queue.offer(LAST); // wakes a reader blocked in another thread
  }

  /**
   * A buffer with bytes left, or null at the end of the body, or (when {@code block} is false) when
   * none has arrived yet.
   */
  private ByteBuffer nextBuffer(boolean block) throws IOException {
    while (true) {
      ensureOpen();
      while (index < current.size()) {
        ByteBuffer buffer = current.get(index);
        if (buffer.hasRemaining()) {
          return buffer;
        }
        index++;
      }
      if (ended) {
        return endOfBody();
      }
      List<ByteBuffer> next = block ? take() : queue.poll();
      if (next == null) {
        return null;
      }
      if (next == LAST) {
        ended = true;
        ensureOpen();
        return endOfBody();
      }
      current = next;
      index = 0;
      renewDemand();
    }
  }

  /** Null for a body that completed; the failure, again on every read, for one that did not. */
  private ByteBuffer endOfBody() throws IOException {
    Throwable error = failure;
    if (error != null) {
      throw error instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(error);
    }
    return null;
  }

  private List<ByteBuffer> take() throws IOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the response body", e);
    }
  }

  private void renewDemand() {
    if (++consumed >= RENEW) {
      subscription.request(consumed);
      consumed = 0;
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
  }
}
