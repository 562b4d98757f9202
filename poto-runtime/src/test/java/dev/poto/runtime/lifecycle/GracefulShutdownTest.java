package dev.poto.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stop drains: readiness off, no new connections, streams ended, running calls finished, then the stores closed. */
class GracefulShutdownTest {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final DrainModule module = new DrainModule();
  private final RecordingSessions sessions = new RecordingSessions();
  private PotoServer server;
  private TestHttp paths; // made at start: a draining server's connectors no longer know their port

  @AfterEach
  void tearDown() {
    module.release.countDown();
    if (server != null) {
      server.stop();
    }
    http.close();
  }

  private PotoServer start(Consumer<PotoConfig> drain) {
    server = TestServers.start(config -> {
      config.module(module).sessionProvider(sessions.provider);
      drain.accept(config);
    });
    paths = new TestHttp(server.port());
    return server;
  }

  private HttpRequest.Builder request(String path) {
    return paths.request(path);
  }

  private CompletableFuture<HttpResponse<String>> callSlow() {
    return http.sendAsync(
        request("/poto/drain/slow").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<Void> stopInBackground() {
    return CompletableFuture.runAsync(server::stop, task -> Thread.ofPlatform().daemon().start(task));
  }

  private static boolean refusesConnections(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (java.io.IOException other) {
      return false;
    }
  }

  @Test
  void stopTurnsReadinessOffRefusesNewConnectionsAndLetsTheRunningCallFinish() throws Exception {
    start(config -> config.drainTimeout(Duration.ofSeconds(60)).drainQuietPeriod(Duration.ZERO));
    int port = server.port();
    CompletableFuture<HttpResponse<String>> slow = callSlow();
    assertThat(module.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    try (RawConnection open = new RawConnection(port)) {
      assertThat(open.send("GET", "/poto/_health/ready", null).status()).isEqualTo(200);

      CompletableFuture<Void> stopped = stopInBackground();
      Await.until("the server drains", () -> server.runtime().calls().draining());
      // A new connection is refused: a balancer retries it on another node.
      Await.until("the listening socket closes", () -> refusesConnections(port));

      // On the connection it already had, the probe is still answered: not ready, and the connection closes.
      RawConnection.Answer notReady = open.send("GET", "/poto/_health/ready", null);
      assertThat(notReady.status()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("{\"status\":\"not_ready\",\"draining\":true,\"sessions\":\"up\"}");
      assertThat(notReady.header("Connection")).isEqualTo("close");
      assertThat(open.closedByServer()).isTrue();

      assertThat(stopped).isNotDone();
      assertThat(sessions.closed.get()).isZero(); // the store stays open while calls may use it
      module.release.countDown();
      HttpResponse<String> answer = slow.get(20, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("\"done\"");
      stopped.get(20, TimeUnit.SECONDS);
    }
    assertThat(sessions.closed.get()).isEqualTo(1);
    assertThat(server.runtime().calls().phase()).isEqualTo(CallRegistry.Phase.STOPPED);
  }

  /**
   * What a balancer sees of a draining node: the kept-alive connections it holds are never closed under
   * it. Each call it sends on one is answered, with {@code Connection: close}, and the node closes that
   * connection after the answer; an idle one stays open (still usable) until the balancer closes it;
   * the drain ends once no connection is left, long before the quiet period.
   */
  @Test
  void keptAliveConnectionsStayUsableWhileDrainingAndTheDrainEndsWhenTheyAreGone() throws Exception {
    start(config -> config.drainTimeout(Duration.ofMinutes(2)).drainQuietPeriod(Duration.ofMinutes(1)));
    int port = server.port();
    try (RawConnection slowConnection = new RawConnection(port);
        RawConnection first = new RawConnection(port);
        RawConnection second = new RawConnection(port);
        RawConnection idle = new RawConnection(port)) {
      for (RawConnection open : List.of(first, second, idle)) {
        assertThat(open.send("GET", "/poto/_health/live", null).header("Connection")).isNull();
      }
      CompletableFuture<RawConnection.Answer> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return slowConnection.send("POST", "/poto/drain/slow", null);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, task -> Thread.ofVirtual().start(task));
      assertThat(module.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> stopped = stopInBackground();
      Await.until("the listening socket closes", () -> refusesConnections(port));

      for (RawConnection open : List.of(first, second)) {
        RawConnection.Answer visitor = open.send("POST", "/poto/_auth/visitor", "{}");
        assertThat(visitor.status()).isEqualTo(200);
        assertThat(visitor.body()).contains("\"token\"");
        assertThat(visitor.header("Connection")).isEqualTo("close");
        assertThat(open.closedByServer()).isTrue();
      }
      module.release.countDown();
      RawConnection.Answer done = slow.get(20, TimeUnit.SECONDS);
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.body()).isEqualTo("\"done\"");
      slowConnection.close(); // the caller goes, as a balancer's keepalive timeout would

      // Nothing runs now, but the idle connection was not closed under its client: it still carries a call.
      assertThat(stopped).isNotDone();
      RawConnection.Answer late = idle.send("GET", "/poto/_health/ready", null);
      assertThat(late.status()).isEqualTo(503);
      assertThat(late.header("Connection")).isEqualTo("close");
      assertThat(idle.closedByServer()).isTrue();

      stopped.get(20, TimeUnit.SECONDS); // no connection left: well before the one-minute quiet period
    }
    assertThat(sessions.closed.get()).isEqualTo(1);
  }

  /**
   * Connections the kernel has completed but Jetty has not accepted yet when the drain starts (a
   * balancer has written its request on them already) are accepted and served before the listening
   * socket closes: closing it with them queued would reset them, and the balancer would answer 502.
   */
  @Test
  void connectionsWaitingInTheListenQueueWhenTheDrainStartsAreServedNotReset() throws Exception {
    start(config -> config.drainTimeout(Duration.ofMinutes(2)).drainQuietPeriod(Duration.ofMinutes(1)));
    int port = server.port();
    ServerConnector connector = (ServerConnector) server.javalin().jettyServer().server().getConnectors()[0];
    // The acceptor takes at most one more connection; the others wait in the kernel's listen queue.
    connector.setAccepting(false);
    List<RawConnection> waiting = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawConnection connection = new RawConnection(port);
        connection.write("POST", "/poto/_auth/visitor", "{}");
        waiting.add(connection);
      }
      CompletableFuture<Void> stopped = stopInBackground();
      for (RawConnection connection : waiting) {
        RawConnection.Answer visitor = connection.readAnswer(); // a reset connection throws here
        assertThat(visitor.status()).isEqualTo(200);
        assertThat(visitor.body()).contains("\"token\"");
        connection.close(); // as a balancer does with its idle connections
      }
      Await.until("the listening socket closes", () -> refusesConnections(port));
      stopped.get(20, TimeUnit.SECONDS); // no connection left: long before the one-minute quiet period
    } finally {
      for (RawConnection connection : waiting) {
        connection.close();
      }
    }
    assertThat(sessions.closed.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ticks", "pushed"}) // a pulled stream parked on its thread, a pushed one without a thread
  void anOpenStreamEndsWithAShuttingDownErrorEventWithoutWaitingForTheDrainTimeout(String method) throws Exception {
    start(config -> config.drainTimeout(Duration.ofMinutes(10)).drainQuietPeriod(Duration.ZERO));
    HttpResponse<InputStream> stream = http.send(
        request("/poto/drain/" + method).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(events.readLine()).isEqualTo("event: item");
    assertThat(events.readLine()).isEqualTo("data: \"tick\"");

    CompletableFuture<Void> stopped = stopInBackground();
    List<String> rest = new ArrayList<>();
    for (String line; (line = events.readLine()) != null; ) {
      rest.add(line);
    }
    assertThat(rest).contains("event: error");
    String data = rest.stream().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow();
    assertThat(data).contains("\"code\":\"" + ProblemCodes.SHUTTING_DOWN + "\"").contains("\"status\":503");
    stopped.get(30, TimeUnit.SECONDS); // far below the ten-minute drain timeout: the stream did not hold it up
    assertThat(sessions.closed.get()).isEqualTo(1);
  }

  @Test
  void aPushedStreamWhoseCallerLeavesWhileIdleIsCancelledAndLeavesTheDrainNothingToWaitFor() throws Exception {
    start(config -> config.drainTimeout(Duration.ofMinutes(10)).drainQuietPeriod(Duration.ZERO));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("POST /poto/drain/pushed HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
      BufferedReader events = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line; !"data: \"tick\"".equals(line = events.readLine()); ) {
        assertThat(line).as("the stream's first item").isNotNull();
      }
    } // the caller leaves while the stream is idle: no thread of the stream is there to notice

    assertThat(module.pushedCancelled.await(20, TimeUnit.SECONDS)).as("the subscription was cancelled").isTrue();
    stopInBackground().get(30, TimeUnit.SECONDS); // far below the drain timeout: no call was left
    assertThat(sessions.closed.get()).isEqualTo(1);
  }

  @Test
  void aCallStillRunningAfterTheDrainTimeoutIsCancelledWith503ShuttingDown() throws Exception {
    start(config -> config.drainTimeout(Duration.ofMillis(200)).drainQuietPeriod(Duration.ZERO));
    CompletableFuture<HttpResponse<String>> slow = callSlow(); // never released
    assertThat(module.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    server.stop();
    HttpResponse<String> answer = slow.get(20, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(TestHttp.json(answer).get("code").asText()).isEqualTo(ProblemCodes.SHUTTING_DOWN);
    assertThat(sessions.closed.get()).isEqualTo(1);
  }

  @Test
  void aStopWithNothingRunningClosesTheStoreOnce() {
    start(config -> {});
    server.stop();
    server.stop();
    assertThat(sessions.closed.get()).isEqualTo(1);
  }
}
