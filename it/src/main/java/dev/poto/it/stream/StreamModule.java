package dev.poto.it.stream;

import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoModule;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The module the streaming end-to-end tests call through its generated client. Tests reach the
 * module instance they serve directly (same JVM) to feed channels and read what the server saw.
 */
@RpcModule("streams")
public class StreamModule extends PotoModule {
  private final Map<String, CallTracker> trackers = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Integer>> channels = new ConcurrentHashMap<>();

  /** What the server saw for a test group (not an RPC). */
  public CallTracker tracker(String group) {
    return trackers.computeIfAbsent(group, g -> new CallTracker());
  }

  /** The queue {@link #fromChannel} reads; a negative number ends the stream (not an RPC). */
  public BlockingQueue<Integer> channel(String name) {
    return channels.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
  }

  /** Items stamped with the caller's id while they are produced, inside the call's context. */
  @Rpc
  public Stream<Tagged> tagged(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Tagged(currentUser().id(), i));
  }

  @Rpc
  public Iterator<Tagged> taggedIterator(int count) {
    return tagged(count).iterator();
  }

  /** A publisher that emits synchronously from {@code request}, on the call's thread. */
  @Rpc
  public Flow.Publisher<Tagged> taggedPublisher(int count) {
    return subscriber ->
        subscriber.onSubscribe(
            new Flow.Subscription() {
              private int next;
              private boolean done;

              @Override
              public void request(long n) {
                for (long i = 0; i < n && next < count && !done; i++) {
                  subscriber.onNext(new Tagged(Poto.currentUser().id(), next++));
                }
                if (next >= count && !done) {
                  done = true;
                  subscriber.onComplete();
                }
              }

              @Override
              public void cancel() {
                done = true;
              }
            });
  }

  @Rpc
  public Stream<String> empty() {
    return Stream.empty();
  }

  @Rpc
  public Stream<Integer> failAfterFirst() {
    return Stream.of(1, 2)
        .map(i -> {
              if (i == 2) {
                throw new RpcException(409, "seat_taken", "Seat 12 was taken meanwhile");
              }
              return i;
            });
  }

  @Rpc
  public Stream<Fib> fibonacci(int count) {
    return Stream.iterate(new BigInteger[] {BigInteger.ZERO, BigInteger.ONE}, p -> new BigInteger[] {p[1], p[0].add(p[1])})
        .limit(count)
        .map(new java.util.function.Function<BigInteger[], Fib>() {
              private int n;

              @Override
              public Fib apply(BigInteger[] pair) {
                return new Fib(n++, pair[0]);
              }
            });
  }

  /** Small records as fast as they can be made: the throughput case. */
  @Rpc
  public Stream<Small> small(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Small(i, "item"));
  }

  /** Items as the test puts them into {@link #channel(String)}; blocks in between. */
  @Rpc
  public Stream<Integer> fromChannel(String name) {
    BlockingQueue<Integer> queue = channel(name);
    Iterator<Integer> items =
        new Iterator<>() {
          private Integer next;

          @Override
          public boolean hasNext() {
            if (next == null) {
              try {
                next = queue.take();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("cancelled while waiting", e);
              }
            }
            return next >= 0;
          }

          @Override
          public Integer next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Integer item = next;
            next = null;
            return item;
          }
        };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
  }

  /** One item, then waits for an item that never comes; ends only by cancellation. */
  @Rpc
  public Stream<Integer> oneThenBlock(String group) {
    CallTracker tracker = tracker(group);
    tracker.started();
    CountDownLatch never = new CountDownLatch(1);
    Iterator<Integer> items =
        new Iterator<>() {
          private boolean first = true;

          @Override
          public boolean hasNext() {
            if (first) {
              return true;
            }
            try {
              never.await();
            } catch (InterruptedException e) {
              tracker.cancelled(Poto.isCancelled(), Poto.context().cancellation().reason());
              Thread.currentThread().interrupt();
              throw new IllegalStateException("cancelled", e);
            }
            return false;
          }

          @Override
          public Integer next() {
            first = false;
            return 1;
          }
        };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false)
        .onClose(tracker::closed);
  }

  /** A unary call that runs until it is cancelled, then cleans up. */
  @Rpc
  public String waitForCancel(String group) throws InterruptedException {
    CallTracker tracker = tracker(group);
    Poto.onCancel(tracker::cancelHandlerRan);
    tracker.started();
    try {
      new CountDownLatch(1).await();
      return "never";
    } catch (InterruptedException e) {
      tracker.cancelled(Poto.isCancelled(), Poto.context().cancellation().reason());
      throw e;
    } finally {
      tracker.cleanedUp();
    }
  }

  /** {@code size} pseudo-random bytes made while they are sent. */
  @Rpc
  public InputStream generated(long size, long seed) {
    return new GeneratedBytes(size, seed);
  }

  /** {@code bytes} bytes, then a read failure. */
  @Rpc
  public InputStream failingAfter(int bytes) {
    InputStream head = new GeneratedBytes(bytes, 7);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int b = head.read();
        if (b < 0) {
          throw new IOException("disk on fire");
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        int n = head.read(buffer, off, len);
        if (n < 0) {
          throw new IOException("disk on fire");
        }
        return n;
      }
    };
  }

  /** A byte[] parameter and result: the bytes in reverse order. */
  @Rpc
  public byte[] reversed(byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = data[data.length - 1 - i];
    }
    return out;
  }

  /** Sets several cookies before returning its stream (the answer starts when it returns). */
  @Rpc
  public Stream<Integer> withCookies() {
    Poto.context().responseHeaders().add("Set-Cookie", "a=1; Path=/");
    Poto.context().responseHeaders().add("Set-Cookie", "b=2; Path=/");
    Poto.context().responseHeaders().add("Set-Cookie", "c=3; Path=/");
    return Stream.of(1, 2);
  }
}
