package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.support.QuietStreams;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.testmodule.Item;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a direct stream's bytes reach the socket, seen from Jetty's side of the connection: every write
 * the server makes is counted ({@link NetworkTrafficListener}), and every buffer Jetty's pool lends is
 * tracked with the stack that took it ({@link ArrayByteBufferPool.Tracking}).
 */
class StreamSocketWritesTest {
  private static final int RECORDS = 10_000;
  /** The least a write carries on average: a busy stream goes out in chunks of tens of KiB. */
  private static final int MIN_BYTES_PER_WRITE = 4096;
  /** Far more writes than any answer here needs: the server's connection is closed beyond it. */
  private static final long WRITE_CAP = 2_000;

  private final ArrayByteBufferPool.Tracking pool = new ArrayByteBufferPool.Tracking();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final StreamsModule module = new StreamsModule();
  private Javalin app;
  private int port;

  @BeforeEach
  void start() {
    NetworkTrafficListener counting = new NetworkTrafficListener() {
      @Override
      public void outgoing(Socket socket, ByteBuffer bytes) {
        bytesOut.addAndGet(bytes.remaining());
        if (writes.incrementAndGet() > WRITE_CAP) {
          closeQuietly(socket); // a write per byte or per frame: end the answer now, the test fails on the count
        }
      }
    };
    app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.jetty.addConnector((server, http) -> {
        NetworkTrafficServerConnector connector =
            new NetworkTrafficServerConnector(server, null, null, pool, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setNetworkTrafficListener(counting);
        return connector;
      });
      config.registerPlugin(new PotoPlugin(poto -> poto
          .module(module)
          .jwt(jwt -> jwt.secret(TestServers.SECRET))
          .drainQuietPeriod(Duration.ZERO)));
    }).start();
    port = ((NetworkTrafficServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  /**
   * A busy stream goes out in a few large writes, whether the caller keeps the connection (a chunked
   * answer) or asks to close it (an answer that ends with the connection): never a write per frame or
   * per byte, as when Jetty's output buffer was made tiny to free it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aBusyStreamGoesOutInFewLargeWrites(boolean connectionClose) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      long writesBefore = writes.get();
      long bytesBefore = bytesOut.get();
      RawStreamCalls.send(socket, "items", "{\"n\":" + RECORDS + "}", connectionClose);
      String body;
      try {
        RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
        assertThat(answer.chunked()).as("a kept connection gets a chunked answer").isEqualTo(!connectionClose);
        body = answer.readToEnd();
      } catch (IOException e) {
        body = "(the answer broke off: " + e.getMessage() + ")";
      }

      long streamWrites = writes.get() - writesBefore;
      long streamBytes = bytesOut.get() - bytesBefore;
      assertThat(streamWrites)
          .as("%,d bytes in %,d writes", streamBytes, streamWrites)
          .isLessThanOrEqualTo(streamBytes / MIN_BYTES_PER_WRITE);
      assertThat(RawStreamCalls.count(body, "event: item\n")).isEqualTo(RECORDS);
      assertThat(body).contains("\"name\":\"item-9999\"").endsWith("event: end\ndata: {\"count\":" + RECORDS + "}\n\n");
      assertThat(streamBytes).isGreaterThan((long) body.length());
    }
  }

  /**
   * An open stream that has written its first item and waits holds no buffer of Jetty's servlet output
   * (its 32 KiB aggregate, taken at the first small write and kept until the answer completes).
   */
  @ParameterizedTest
  @ValueSource(ints = {3})
  void anIdleStreamHoldsNoOutputBuffer(int streams) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < streams; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        sockets.add(socket);
        RawStreamCalls.send(socket, "quiet", "{}", false);
        new RawStreamCalls.Answer(socket.getInputStream()).readUntil("event: item\n");
      }
      List<String> outputBuffers = new ArrayList<>();
      for (ArrayByteBufferPool.Tracking.TrackedBuffer lent : pool.getLeaks()) {
        if (acquiredBy(lent, "org.eclipse.jetty.ee10.servlet.HttpOutput")) {
          outputBuffers.add(lent.getSize() + " B");
        }
      }
      assertThat(outputBuffers).as("buffers lent to Jetty's servlet output while %d streams are idle", streams).isEmpty();
      assertThat(module.quietStarted.getCount()).isZero();
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /**
   * Whether {@code className} took the buffer from the pool itself (the first frame outside Jetty's
   * pool classes): a buffer the connection takes for a moment while the output writes through it
   * (a chunk's size line) is not the output's.
   */
  private static boolean acquiredBy(ArrayByteBufferPool.Tracking.TrackedBuffer buffer, String className) {
    for (StackTraceElement frame : buffer.getAcquireStack().getStackTrace()) {
      if (!frame.getClassName().startsWith("org.eclipse.jetty.io.")) {
        return frame.getClassName().equals(className);
      }
    }
    return false;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /**
   * Public stream methods, the dispatcher written by hand in the generated shape: {@code items(n)}
   * streams n records at once; {@code quiet()} streams one record and then waits until cancelled.
   */
  static final class StreamsModule implements ModuleDispatcher {
    static final RpcMethod ITEMS = new RpcMethod("streams", "items", 0, ResultKind.STREAM, Item.class,
        new RpcParam("n", int.class, true));
    static final RpcMethod QUIET = new RpcMethod("streams", "quiet", 1, ResultKind.ITERATOR, Item.class);

    final CountDownLatch quietStarted = new CountDownLatch(1);

    @Override
    public List<RpcMethod> methods() {
      return List.of(ITEMS, QUIET);
    }

    @Override
    public MethodAccess access(int index) {
      return MethodAccess.PUBLIC;
    }

    @Override
    public Object invoke(int index, Object[] args) {
      return switch (index) {
        case 0 -> IntStream.range(0, (int) args[0]).mapToObj(i -> new Item("item-" + i, i));
        case 1 -> {
          quietStarted.countDown();
          yield QuietStreams.oneItemThenQuiet(new Item("first", 1));
        }
        default -> throw new IndexOutOfBoundsException(index);
      };
    }
  }
}
