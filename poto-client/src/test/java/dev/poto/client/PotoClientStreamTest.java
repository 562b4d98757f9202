package dev.poto.client;

import static dev.poto.client.FakeServer.frame;
import static dev.poto.client.FakeServer.startEventStream;
import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.protocol.GenericTypes;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Event streams as the client reads them by default, over its own HTTP/1.1 connection
 * ({@link PotoClient.Builder#directStreams}); {@link PotoClientStreamThroughHttpClientTest} runs every
 * case again through the JDK's HttpClient.
 */
class PotoClientStreamTest {
  record Tick(int n, String label) {}

  private static final RpcMethod TICKS = method("clock", "ticks", type(Tick.class), ResultKind.STREAM);
  private static final String END_2 = "event: end\ndata: {\"count\":2}\n\n";

  private final CountDownLatch releaseServer = new CountDownLatch(1);
  private FakeServer server;
  private PotoClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    client = builder().build();
  }

  /** The client under test; a subclass picks the other path. */
  PotoClient.Builder builder() {
    return PotoClient.builder(server.baseUrl());
  }

  /** Whether the calls travel over the client's own connection (the JDK's HttpClient names itself). */
  boolean direct() {
    return true;
  }

  @AfterEach
  void stop() {
    releaseServer.countDown();
    client.close();
    server.close();
  }

  @Test
  void itemsArriveAsTheServerProducesThem() throws Exception {
    CountDownLatch firstItemRead = new CountDownLatch(1);
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      // The second item exists only once the client has read the first: a client that waited for
      // more than one frame would time out here and see a broken stream instead.
      if (firstItemRead.await(30, TimeUnit.SECONDS)) {
        frame(out, ": ping\n\n");
        frame(out, "event: item\ndata: {\"n\":2,\n");
        frame(out, "data: \"label\":\"two\"}\n\n");
        frame(out, END_2);
      }
    });

    try (Stream<Tick> ticks = client.stream(TICKS)) {
      Iterator<Tick> it = ticks.iterator();
      assertThat(it.next()).isEqualTo(new Tick(1, "one"));
      firstItemRead.countDown();
      assertThat(it.next()).isEqualTo(new Tick(2, "two"));
      assertThat(it.hasNext()).isFalse();
    }
    FakeServer.Received request = server.received().getFirst();
    assertThat(request.header("Accept")).isEqualTo("text/event-stream");
    assertThat(request.header("User-Agent") == null).as("sent over the client's own connection").isEqualTo(direct());
    assertThat(request.body()).isEqualTo("{}");
  }

  @Test
  void aFrameOverTheConfiguredMaximumIsFrameTooLarge() {
    String label = "x".repeat(5_000);
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      frame(out, "event: item\ndata: {\"n\":2,\"label\":\"" + label + "\"}\n\n");
      frame(out, END_2);
    });

    try (PotoClient small = builder().maxFrameBytes(4_096).build();
        Stream<Tick> ticks = small.stream(TICKS)) {
      Iterator<Tick> it = ticks.iterator();
      assertThat(it.next()).isEqualTo(new Tick(1, "one"));
      RpcException error = catchThrowableOfType(RpcException.class, it::next);
      assertThat(error.code()).isEqualTo("frame_too_large");
      assertThat(error.status()).isEqualTo(502);
      assertThat(error.getMessage()).contains("4096");
    }
    // The default maximum (16 MiB) reads the same frame.
    try (Stream<Tick> ticks = client.stream(TICKS)) {
      assertThat(ticks.toList()).extracting(Tick::label).containsExactly("one", label);
    }
  }

  /** Items follow the rules of results, and an item is an element of the stream: null only if marked. */
  @Test
  void nullItemsAndNullElementsAreRefusedUnlessTheTypeAllowsThem() {
    RpcMethod words = method("clock", "words", type(String.class), ResultKind.STREAM);
    RpcMethod maybeWords = method("clock", "maybeWords", GenericTypes.nullable(String.class), ResultKind.STREAM);
    RpcMethod lists = method("clock", "lists", GenericTypes.generic(List.class, String.class), ResultKind.STREAM);
    RpcMethod sparseLists = method("clock", "sparseLists",
        GenericTypes.generic(List.class, GenericTypes.nullable(String.class)), ResultKind.STREAM);
    RpcMethod ticks = method("clock", "ticks", type(Tick.class), ResultKind.STREAM);
    for (String route : List.of("words", "maybeWords", "ticks")) {
      server.on("/poto/clock/" + route, (req, ex) -> {
        OutputStream out = startEventStream(ex);
        frame(out, "event: item\ndata: " + (route.equals("ticks") ? "{\"n\":1,\"label\":\"one\"}" : "\"a\"") + "\n\n");
        frame(out, "event: item\ndata: null\n\n");
        frame(out, END_2);
      });
    }
    for (String route : List.of("lists", "sparseLists")) {
      server.on("/poto/clock/" + route, (req, ex) -> {
        OutputStream out = startEventStream(ex);
        frame(out, "event: item\ndata: [\"a\"]\n\n");
        frame(out, "event: item\ndata: [\"b\",null]\n\n");
        frame(out, END_2);
      });
    }

    assertRefused(words, "stream item 1 ", "must not be null");
    assertRefused(ticks, "stream item 1 ", "must not be null");
    assertRefused(lists, "stream item 1 ", "[1]");
    try (Stream<String> items = client.stream(maybeWords)) {
      assertThat(items.toList()).containsExactly("a", null);
    }
    try (Stream<List<String>> items = client.stream(sparseLists)) {
      assertThat(items.toList()).containsExactly(List.of("a"), java.util.Arrays.asList("b", null));
    }
  }

  /**
   * A record item the mapper refuses stays refused when items are read straight from the bytes, each
   * with its index; the regular item before it arrives, whatever the line endings.
   */
  @Test
  void aRefusedRecordItemIsInvalidResponseWithItsIndex() {
    Map<String, String> refused = Map.of(
        "fraction", "{\"n\":2.0,\"label\":\"two\"}",
        "unknown", "{\"n\":2,\"label\":\"two\",\"x\":1}",
        "repeated", "{\"n\":2,\"n\":2,\"label\":\"two\"}",
        "absent", "{\"label\":\"two\"}",
        "string", "{\"n\":\"2\",\"label\":\"two\"}",
        "number", "{\"n\":2,\"label\":2}");
    for (Map.Entry<String, String> item : refused.entrySet()) {
      server.on("/poto/clock/" + item.getKey(), (req, ex) -> {
        OutputStream out = startEventStream(ex);
        frame(out, "event: item\r\ndata: {\"n\":1,\"label\":\"one\"}\r\n\r\n");
        frame(out, "event: item\ndata: " + item.getValue() + "\n\n");
        frame(out, END_2);
      });
      assertRefused(method("clock", item.getKey(), type(Tick.class), ResultKind.STREAM), "stream item 1 ");
    }
  }

  private void assertRefused(RpcMethod method, String... inMessage) {
    List<Object> seen = new ArrayList<>();
    try (Stream<Object> items = client.stream(method)) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> items.forEach(seen::add));
      assertThat(e.code()).isEqualTo("invalid_response");
      assertThat(e.getMessage()).contains(inMessage);
    }
    assertThat(seen).hasSize(1); // the item before the refused one arrived
  }

  @Test
  void emptyStreamEndsNormally() {
    server.on("/poto/clock/ticks", (req, ex) -> frame(startEventStream(ex), "event: end\ndata: {\"count\":0}\n\n"));

    try (Stream<Tick> ticks = client.stream(TICKS)) {
      assertThat(ticks.toList()).isEmpty();
    }
  }

  @Test
  void errorFrameMidStreamThrowsTheServersProblem() {
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      frame(out, "event: error\ndata: " + FakeServer.problemJson(500, "internal_error", "producer failed", "r-9")
          + "\n\n");
    });
    List<Tick> seen = new ArrayList<>();

    RpcException e;
    try (Stream<Tick> ticks = client.stream(TICKS)) {
      e = catchThrowableOfType(RpcException.class, () -> ticks.forEach(seen::add));
    }

    assertThat(seen).containsExactly(new Tick(1, "one"));
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.code()).isEqualTo("internal_error");
    assertThat(e.detail()).isEqualTo("producer failed");
    assertThat(e.requestId()).isEqualTo("r-9");
  }

  @Test
  void connectionEndingBeforeTheEndEventIsStreamBroken() {
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      out.close(); // a complete HTTP body, but no end event
    });

    try (Stream<Tick> ticks = client.stream(TICKS)) {
      RpcException e = catchThrowableOfType(RpcException.class, ticks::toList);

      assertThat(e.code()).isEqualTo("stream_broken");
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.requestId()).isEqualTo("stream-req");
    }
  }

  @Test
  void endEventWithAnotherCountIsStreamBroken() {
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      frame(out, END_2);
    });

    try (Stream<Tick> ticks = client.stream(TICKS)) {
      assertThat(catchThrowableOfType(RpcException.class, ticks::toList).code()).isEqualTo("stream_broken");
    }
  }

  @Test
  void closingTheStreamEarlyClosesTheConnection() throws Exception {
    CountDownLatch serverSawDisconnect = pingUntilTheClientLeaves();

    try (Stream<Tick> ticks = client.stream(TICKS)) {
      assertThat(ticks.iterator().next()).isEqualTo(new Tick(1, "one"));
    }

    assertThat(serverSawDisconnect.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shortCircuitingTerminalOperationsCloseTheConnectionWithoutTryWithResources() throws Exception {
    CountDownLatch serverSawDisconnect = pingUntilTheClientLeaves();

    List<Tick> first = client.<Tick>stream(TICKS).map(t -> t).limit(1).toList();

    assertThat(first).containsExactly(new Tick(1, "one"));
    assertThat(serverSawDisconnect.await(30, TimeUnit.SECONDS)).isTrue();
  }

  private CountDownLatch pingUntilTheClientLeaves() {
    CountDownLatch serverSawDisconnect = new CountDownLatch(1);
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      try {
        frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
        // Heartbeats until a write fails: that failure is the server seeing the client leave.
        while (!releaseServer.await(20, TimeUnit.MILLISECONDS)) {
          frame(out, ": ping\n\n");
        }
      } catch (IOException clientLeft) {
        serverSawDisconnect.countDown();
      }
    });
    return serverSawDisconnect;
  }

  @Test
  void readingAfterCloseFromAnotherThreadIsCancelledNotBroken() throws Exception {
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      releaseServer.await(30, TimeUnit.SECONDS);
    });
    Stream<Tick> ticks = client.stream(TICKS);
    Iterator<Tick> it = ticks.iterator();
    assertThat(it.next().n()).isEqualTo(1);

    Thread closer = Thread.ofVirtual().start(ticks::close);
    closer.join(30_000);
    RpcException e = catchThrowableOfType(RpcException.class, it::hasNext);

    assertThat(e.code()).isEqualTo("cancelled");
  }

  @Test
  void closingFromAnotherThreadWakesAConsumerWaitingForAnItem() throws Exception {
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, "event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
      releaseServer.await(30, TimeUnit.SECONDS);
    });
    Stream<Tick> ticks = client.stream(TICKS);
    Iterator<Tick> it = ticks.iterator();
    assertThat(it.next().n()).isEqualTo(1);
    java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
    Thread consumer = Thread.ofPlatform().start(() -> {
      try {
        failure.complete(new AssertionError("hasNext returned " + it.hasNext()));
      } catch (Throwable e) {
        failure.complete(e);
      }
    });
    while (!waitsForInput(consumer)) {
      Thread.onSpinWait(); // until the consumer waits for the next frame
    }

    ticks.close();

    Throwable e = failure.get(30, TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(RpcException.class);
    assertThat(((RpcException) e).code()).isEqualTo("cancelled");
  }

  @Test
  void errorAnswerInsteadOfAStreamThrowsAtCallTime() {
    server.on("/poto/clock/ticks", (req, ex) -> FakeServer.problem(ex, 403, "forbidden", "needs role admin"));

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.stream(TICKS));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.code()).isEqualTo("forbidden");
  }

  @Test
  void unknownEventsAndCommentsAreSkipped() {
    server.on("/poto/clock/ticks", (req, ex) -> {
      OutputStream out = startEventStream(ex);
      frame(out, ": hello\r\n\r\nevent: progress\r\ndata: 50\r\n\r\n");
      frame(out, "event: item\r\ndata: {\"n\":7,\"label\":\"crlf\"}\r\n\r\n");
      frame(out, "event: end\ndata: {\"count\":1}\n\n");
    });

    try (Stream<Tick> ticks = client.stream(TICKS)) {
      assertThat(ticks.toList()).containsExactly(new Tick(7, "crlf"));
    }
  }

  /**
   * Whether {@code thread} is blocked reading the stream: parked on the HttpClient's buffers, or in a
   * socket read on the client's own connection (which a platform thread does as RUNNABLE, in native code).
   */
  static boolean waitsForInput(Thread thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    boolean filling = java.util.Arrays.stream(stack)
        .anyMatch(f -> f.getClassName().equals(EventStreamReader.class.getName()) && f.getMethodName().equals("fill"));
    return filling && (thread.getState() == Thread.State.WAITING || stack.length > 0 && stack[0].isNativeMethod());
  }
}
