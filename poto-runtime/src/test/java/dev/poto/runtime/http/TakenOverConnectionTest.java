package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.testmodule.Item;
import io.javalin.Javalin;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A direct stream over HTTP/1.1 takes its connection over from Jetty once its head is out
 * ({@link TakenOverConnection}): none of Jetty's state of the request (the HTTP connection object with
 * its parser, channel and servlet objects, the request buffer) stays reachable while the stream is
 * open, the answer is framed as Jetty frames it, and the connection goes back to Jetty for the next
 * call.
 */
class TakenOverConnectionTest {
  private final ArrayByteBufferPool.Tracking pool = new ArrayByteBufferPool.Tracking();
  private final FeedModule module = new FeedModule();
  private final List<WeakReference<Object>> jettyConnections = new ArrayList<>();
  private Javalin app;
  private ServerConnector connector;

  @BeforeEach
  void start() {
    app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.jetty.addConnector((server, http) -> {
        ServerConnector connector = new ServerConnector(server, null, null, pool, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
      });
      config.routes.before(ctx -> {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        synchronized (jettyConnections) {
          jettyConnections.add(new WeakReference<>(request.getConnectionMetaData().getConnection()));
        }
      });
      config.registerPlugin(new PotoPlugin(poto -> poto
          .module(module)
          .jwt(jwt -> jwt.secret(TestServers.SECRET))
          .drainQuietPeriod(Duration.ZERO)));
    }).start();
    connector = (ServerConnector) app.jettyServer().server().getConnectors()[0];
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void anIdlePushedStreamHoldsNoneOfJettysRequestState() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      RawStreamCalls.send(socket, "feed", "{}", false);
      RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
      assertThat(answer.chunked()).as("the answer is framed as Jetty frames it").isTrue();
      assertThat(answer.head()).doesNotContain("Connection: close");
      assertThat(answer.readUntil("event: item\n")).contains("\"name\":\"item-0\"");

      assertThat(connector.getConnectedEndPoints()).singleElement()
          .extracting(EndPoint::getConnection).isInstanceOf(TakenOverConnection.class);
      assertThat(collected(jettyConnections.getFirst()))
          .as("Jetty's HTTP connection object of an idle pushed stream is garbage").isTrue();
      assertThat(pool.getLeaks()).as("buffers lent by Jetty's pool while the stream is idle").isEmpty();
      assertThat(module.cancelled.getCount()).isEqualTo(1);
    }
    assertThat(module.cancelled.await(10, TimeUnit.SECONDS)).as("the feed is cancelled once its caller has gone").isTrue();
  }

  @Test
  void aPushedStreamLeavesItsConnectionToTheNextCall() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      for (int call = 1; call <= 3; call++) { // the later calls on the same connection
        RawStreamCalls.send(socket, "burst", "{\"n\":" + call + "}", false);
        RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
        assertThat(answer.chunked()).isTrue();
        String body = answer.readToEnd(); // to the last chunk
        assertThat(RawStreamCalls.count(body, "event: item\n")).isEqualTo(call);
        assertThat(body).endsWith("event: end\ndata: {\"count\":" + call + "}\n\n");
      }
      RawStreamCalls.send(socket, "pulled", "{}", false);
      assertThat(new RawStreamCalls.Answer(socket.getInputStream()).readToEnd()).endsWith("event: end\ndata: {\"count\":2}\n\n");
    }
  }

  @Test
  void aCallerThatAsksToCloseGetsAnAnswerEndingWithTheConnection() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      RawStreamCalls.send(socket, "burst", "{\"n\":2}", true);
      RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
      assertThat(answer.chunked()).isFalse();
      assertThat(answer.readToEnd()).endsWith("event: end\ndata: {\"count\":2}\n\n"); // to the end of the connection
    }
  }

  /**
   * A caller that sends its next request while a pushed stream is still being written (pipelining):
   * what Jetty had already read of it goes with the connection back to Jetty, which serves it after
   * the stream.
   */
  @Test
  void aPipelinedRequestIsServedAfterThePushedStream() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      RawStreamCalls.send(socket, "burst", "{\"n\":500}", false);
      RawStreamCalls.send(socket, "pulled", "{}", false);
      RawStreamCalls.Answer first = new RawStreamCalls.Answer(socket.getInputStream());
      assertThat(first.readToEnd()).endsWith("event: end\ndata: {\"count\":500}\n\n");
      assertThat(new RawStreamCalls.Answer(socket.getInputStream()).readToEnd())
          .endsWith("event: end\ndata: {\"count\":2}\n\n");
    }
  }

  @Test
  void aBusyPushedStreamIsFramedWhole() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      RawStreamCalls.send(socket, "burst", "{\"n\":2000}", false);
      RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
      assertThat(answer.head()).anyMatch(line -> line.startsWith("Content-Type: text/event-stream"));
      String body = answer.readToEnd();
      assertThat(RawStreamCalls.count(body, "event: item\n")).isEqualTo(2000);
      assertThat(body).contains("\"name\":\"item-1999\"").endsWith("event: end\ndata: {\"count\":2000}\n\n");
    }
  }

  @Test
  void aFatalErrorBreaksTheAnswer() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      RawStreamCalls.send(socket, "fatal", "{}", false);
      RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
      // The connection closes without the last chunk: the caller sees a broken answer, not a short one.
      assertThatThrownBy(answer::readToEnd).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aPulledStreamKeepsItsReusableConnection() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(30_000);
      for (int call = 0; call < 2; call++) { // the second call on the same connection
        RawStreamCalls.send(socket, "pulled", "{}", false);
        RawStreamCalls.Answer answer = new RawStreamCalls.Answer(socket.getInputStream());
        assertThat(answer.chunked()).isTrue();
        assertThat(answer.head()).doesNotContain("Connection: close");
        assertThat(answer.readToEnd()).endsWith("event: end\ndata: {\"count\":2}\n\n");
      }
    }
  }

  /** Whether the referent is collected after a few collections (it is collected by the first when unreachable). */
  private static boolean collected(WeakReference<Object> reference) throws InterruptedException {
    for (int i = 0; i < 20 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }

  /**
   * Public stream methods, the dispatcher written by hand in the generated shape: {@code feed()} pushes
   * one item and then nothing until cancelled, {@code burst(n)} pushes n items and completes,
   * {@code pulled()} is a pulled stream of two items, {@code fatal()} fails with a {@code StackOverflowError}
   * when asked for items.
   */
  static final class FeedModule implements ModuleDispatcher {
    static final RpcMethod FEED = new RpcMethod("streams", "feed", 0, ResultKind.PUBLISHER, Item.class);
    static final RpcMethod BURST = new RpcMethod("streams", "burst", 1, ResultKind.PUBLISHER, Item.class,
        new RpcParam("n", int.class, true));
    static final RpcMethod PULLED = new RpcMethod("streams", "pulled", 2, ResultKind.STREAM, Item.class);
    static final RpcMethod FATAL = new RpcMethod("streams", "fatal", 3, ResultKind.PUBLISHER, Item.class);

    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public List<RpcMethod> methods() {
      return List.of(FEED, BURST, PULLED, FATAL);
    }

    @Override
    public MethodAccess access(int index) {
      return MethodAccess.PUBLIC;
    }

    @Override
    public Object invoke(int index, Object[] args) {
      return switch (index) {
        case 0 -> items(1, false);
        case 1 -> items((int) args[0], true);
        case 2 -> java.util.stream.Stream.of(new Item("a", 1), new Item("b", 2));
        case 3 -> (Flow.Publisher<Item>) subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {
            throw new StackOverflowError("simulated");
          }

          @Override
          public void cancel() {}
        });
        default -> throw new IndexOutOfBoundsException(index);
      };
    }

    /** Pushes {@code count} items as they are requested, then completes or stays quiet until cancelled. */
    private Flow.Publisher<Item> items(int count, boolean complete) {
      return subscriber -> {
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {
            for (long i = 0; i < n && sent.get() < count; i++) {
              int at = sent.getAndIncrement();
              subscriber.onNext(new Item("item-" + at, at));
            }
            if (sent.get() == count && complete && done.compareAndSet(false, true)) {
              subscriber.onComplete();
            }
          }

          @Override
          public void cancel() {
            cancelled.countDown();
          }
        });
      };
    }
  }
}
