package dev.poto.it.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancellation proven on the server: what the module saw (isCancelled, close handlers, cleanup) and
 * the runtime's open-stream count, after clients leave or deadlines pass.
 */
class StreamCancellationTest {
  static StreamServer server;

  @BeforeAll
  static void start() {
    server = new StreamServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void closingAHundredOpenStreamsEarlyRunsEveryCloseHandlerAndLeavesNoOpenStream() throws Exception {
    CallTracker tracker = server.module.tracker("hundred").expect(100);
    List<PotoClient> clients = new ArrayList<>();
    List<Stream<Integer>> streams = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10; i++) {
        clients.add(server.visitor());
      }
      List<CompletableFuture<Stream<Integer>>> opening = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        StreamModuleClient client = new StreamModuleClient(clients.get(i % 10));
        opening.add(CompletableFuture.supplyAsync(() -> {
              Stream<Integer> stream = client.oneThenBlock("hundred");
              Iterator<Integer> items = stream.iterator();
              assertThat(items.next()).isEqualTo(1); // the first item arrived; the producer now blocks
              return stream;
            }, pool));
      }
      for (CompletableFuture<Stream<Integer>> open : opening) {
        streams.add(open.get(60, TimeUnit.SECONDS));
      }
      assertThat(tracker.started).hasValue(100);
      assertThat(server.openStreams()).isGreaterThanOrEqualTo(100);

      streams.forEach(Stream::close); // the callers leave early

      assertThat(tracker.allClosed().await(30, TimeUnit.SECONDS)).as("every close handler ran").isTrue();
      assertThat(tracker.closeHandlers).hasValue(100);
      StreamServer.await("the open-stream count is back to zero", () -> server.openStreams() == 0);
      assertThat(tracker.sawCancelled).as("each blocked producer was interrupted as cancelled").hasValue(100);
      assertThat(tracker.reasons.get("client_gone")).hasValue(100);
    } finally {
      clients.forEach(PotoClient::close);
    }
  }

  @Test
  void aUnaryCallWhoseClientGivesUpIsCancelledOnTheServer() throws Exception {
    CallTracker tracker = server.module.tracker("unary-gone").expect(1);
    // The builder's default timeout is not sent to the server: only the client gives up (and closes
    // the connection); the server learns it from the connection alone.
    try (PotoClient client = PotoClient.builder(server.url()).requestTimeout(Duration.ofMillis(500)).build()) {
      client.loginAsVisitor();
      assertThatThrownBy(() -> new StreamModuleClient(client).waitForCancel("unary-gone"))
          .isInstanceOfSatisfying(RpcException.class,
              e -> assertThat(e.code()).isEqualTo(ProblemCodes.DEADLINE_EXCEEDED));
      assertThat(tracker.allClosed().await(20, TimeUnit.SECONDS)).as("the module's cleanup ran").isTrue();
    }
    assertThat(tracker.sawCancelled).as("isCancelled() was true in the module").hasValue(1);
    assertThat(tracker.cancelHandlers).as("its onCancel handler ran").hasValue(1);
    assertThat(tracker.reasons.get("client_gone")).hasValue(1);
  }

  @Test
  void aUnaryCallWhoseConnectionClosesIsCancelledOnTheServer() throws Exception {
    CallTracker tracker = server.module.tracker("unary-closed").expect(1);
    String token;
    try (PotoClient login = server.visitor()) {
      token = login.token();
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
        HttpRequest.newBuilder(URI.create(server.url() + "/poto/streams/waitForCancel"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"group\":\"unary-closed\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(tracker.allStarted().await(20, TimeUnit.SECONDS)).isTrue();

    http.shutdownNow(); // closes the connection under the waiting call

    assertThat(tracker.allClosed().await(20, TimeUnit.SECONDS)).as("the module's cleanup ran").isTrue();
    assertThat(tracker.sawCancelled).hasValue(1);
    assertThat(tracker.reasons.get("client_gone")).hasValue(1);
    // The client completes its future on its own thread, possibly after the server's cleanup ran.
    assertThat(pending).failsWithin(Duration.ofSeconds(20));
  }

  @Test
  void aDeadlineFromTheClientCancelsTheServerWork() throws Exception {
    CallTracker tracker = server.module.tracker("deadline").expect(1);
    try (PotoClient client = server.visitor()) {
      StreamModuleClient timed = new StreamModuleClient(client.withTimeout(Duration.ofMillis(300)));
      assertThatThrownBy(() -> timed.waitForCancel("deadline"))
          .isInstanceOfSatisfying(RpcException.class,
              e -> assertThat(e.code()).isEqualTo(ProblemCodes.DEADLINE_EXCEEDED));
      assertThat(tracker.allClosed().await(20, TimeUnit.SECONDS)).as("the server work was cancelled").isTrue();
    }
    assertThat(tracker.sawCancelled).hasValue(1);
    // The client stops waiting at the same moment the server's deadline passes, so either may be first.
    assertThat(tracker.reasons.keySet()).containsAnyOf("deadline_exceeded", "client_gone");
  }

  @Test
  void aPassedDeadlineIsAnsweredWith504ByTheServerWhileTheClientStillWaits() throws Exception {
    CallTracker tracker = server.module.tracker("deadline-504").expect(1);
    String token;
    try (PotoClient login = server.visitor()) {
      token = login.token();
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/poto/streams/waitForCancel"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .header(Protocol.TIMEOUT_HEADER, "200").timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"group\":\"deadline-504\"}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).contains("\"code\":\"deadline_exceeded\"");
    assertThat(tracker.allClosed().await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(tracker.reasons.get("deadline_exceeded")).hasValue(1);
    http.shutdownNow();
  }

  @Test
  void aDeadlineThatPassesDuringAStreamEndsItWithDeadlineExceeded() throws Exception {
    CallTracker tracker = server.module.tracker("stream-deadline").expect(1);
    try (PotoClient client = server.visitor()) {
      StreamModuleClient timed = new StreamModuleClient(client.withTimeout(Duration.ofMillis(500)));
      List<Integer> seen = new ArrayList<>();
      assertThatThrownBy(() -> timed.oneThenBlock("stream-deadline").forEach(seen::add))
          .isInstanceOfSatisfying(RpcException.class,
              e -> assertThat(e.code()).isEqualTo(ProblemCodes.DEADLINE_EXCEEDED));
      assertThat(seen).containsExactly(1);
      assertThat(tracker.allClosed().await(20, TimeUnit.SECONDS)).as("the stream's close handler ran").isTrue();
    }
    assertThat(tracker.reasons.get("deadline_exceeded")).hasValue(1);
    StreamServer.await("no open stream", () -> server.openStreams() == 0);
  }
}
