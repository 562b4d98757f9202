package dev.poto.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.client.PotoClient;
import dev.poto.it.core.Concurrently;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.session.redis.RedisServerProcess;
import dev.poto.session.redis.RedisSessionConfig;
import dev.poto.session.redis.RedisSessionStartupException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two node processes sharing one real Redis behind a real nginx: sessions follow users across nodes,
 * tokens from one node work on the other, a hung or restarted Redis costs only the session calls
 * made while it is away, and a killed node costs only the calls it was serving at that instant.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // only the node kill is ordered: last
class RedisClusterTest {
  /** The nodes' Redis command timeout; no session call may wait much longer while Redis is away. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  /** Generous: the timeout plus room for a loaded 2-core machine running five processes. */
  static final Duration HANG_BOUND = COMMAND_TIMEOUT.plusSeconds(4);
  private static final int KILL_TEST_CLIENTS = 20;

  private static RedisBackedNodes nodes;
  private static RedisServerProcess redis;
  private static TwoNodeCluster cluster;
  private static final ObjectMapper JSON = PotoJson.newMapper();

  @BeforeAll
  static void startCluster() throws Exception {
    nodes = RedisBackedNodes.start("cluster-it:", COMMAND_TIMEOUT);
    redis = nodes.redis;
    cluster = nodes.cluster;
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
  }

  /** A test that broke Redis leaves it running again for the next one. */
  @AfterEach
  void redisIsBack() {
    if (!redis.isRunning()) {
      redis.restart();
    }
  }

  @Test
  void hundredClientsReadEveryValueOnEitherNode() throws Exception {
    long start = System.nanoTime();
    List<SpreadWorkload.ClientResult> results = SpreadWorkload.run(cluster, 100, 20, client -> {});
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(100, results.size());
    assertEquals(100, results.stream().map(SpreadWorkload.ClientResult::userId).distinct().count(),
        "every client is its own visitor");
    for (SpreadWorkload.ClientResult result : results) {
      assertEquals(Set.of(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B), result.nodes(),
          "both nodes served the calls of " + result.userId());
      assertTrue(result.crossNodeReads() > 0, "some reads of " + result.userId() + " were served by the other node");
    }
    int calls = results.stream().mapToInt(SpreadWorkload.ClientResult::calls).sum();
    int cross = results.stream().mapToInt(SpreadWorkload.ClientResult::crossNodeReads).sum();
    assertEquals(100 * 60, calls);
    System.out.printf("redis spread: %d clients, %d session calls (+100 logins) in %d ms, %d reads served by"
        + " the other node than the write%n", results.size(), calls, took.toMillis(), cross);
  }

  @Test
  void visitorsAndNamedUsersWorkOnEveryNode() throws Exception {
    try (PotoClient onA = cluster.directClient(cluster.a); PotoClient onB = cluster.directClient(cluster.b)) {
      // A named user logs in on node a; the token works on node b.
      onA.login("alice", cluster.userPassword);
      NodeReply aliceOnB = whoamiWithToken(cluster.b.url(), onA.token());
      assertEquals(new NodeReply(TwoNodeCluster.NODE_B, ClusterNode.userId("alice"), List.of("user")), aliceOnB);

      // A visitor registered on node b works on node a.
      onB.loginAsVisitor();
      NodeReply visitorOnA = whoamiWithToken(cluster.a.url(), onB.token());
      assertEquals(TwoNodeCluster.NODE_A, visitorOnA.node());
      assertEquals(onB.userId(), visitorOnA.userId());
      assertEquals(List.of("visitor"), visitorOnA.roles());

      // Roles travel in the token too.
      onB.login("root", cluster.userPassword);
      assertEquals(List.of("admin", "user"), whoamiWithToken(cluster.a.url(), onB.token()).roles());
    }

    // A named user has the same id on every node, so two separate logins share one session.
    try (PotoClient aliceOnA = cluster.directClient(cluster.a); PotoClient aliceOnB = cluster.directClient(cluster.b)) {
      aliceOnA.login("alice", cluster.userPassword);
      aliceOnB.login("alice", cluster.userPassword);
      String color = "blue-" + TwoNodeCluster.random(4);
      assertEquals(TwoNodeCluster.NODE_A, new ClusterModuleClient(aliceOnA).put("color", color).node());
      SessionReply onB = new ClusterModuleClient(aliceOnB).get("color");
      assertEquals(new SessionReply(TwoNodeCluster.NODE_B, ClusterNode.userId("alice"), "color", color), onB);
      SessionReply removed = new ClusterModuleClient(aliceOnB).remove("color");
      assertEquals(color, removed.value());
      assertNull(new ClusterModuleClient(aliceOnA).get("color").value(), "removed on b, gone on a");
    }

    // A token signed with another secret is refused by both nodes.
    String forged = forgedToken();
    for (NodeProcess node : List.of(cluster.a, cluster.b)) {
      HttpResponse<String> answer = postWithToken(node.url(), forged);
      assertEquals(401, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains(ProblemCodes.INVALID_TOKEN), answer.body());
    }
  }

  @Test
  void hundredConcurrentUpdatesByOneUserAcrossBothNodesAllCount() throws Exception {
    int calls = 100;
    try (PotoClient user = cluster.balancedClient()) {
      user.loginAsVisitor();
      ClusterModuleClient module = new ClusterModuleClient(user);
      String counter = "count-" + TwoNodeCluster.random(6);
      String list = "list-" + TwoNodeCluster.random(6);

      List<CountReply> increments = Concurrently.run(calls, i -> module.increment(counter));
      List<CountReply> appends = Concurrently.run(calls, i -> module.append(list, "item-" + i));

      Set<Integer> expectedCounts = IntStream.rangeClosed(1, calls).boxed().collect(Collectors.toSet());
      assertEquals(expectedCounts, increments.stream().map(CountReply::count).collect(Collectors.toSet()),
          "each increment saw its own count");
      assertEquals(Set.of(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B),
          increments.stream().map(CountReply::node).collect(Collectors.toSet()), "both nodes updated the counter");
      assertEquals(calls, module.count(counter).count());

      assertEquals(expectedCounts, appends.stream().map(CountReply::count).collect(Collectors.toSet()),
          "each append saw its own size");
      assertEquals(Set.of(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B),
          appends.stream().map(CountReply::node).collect(Collectors.toSet()), "both nodes appended");
      List<String> items = module.list(list);
      assertEquals(calls, items.size());
      assertEquals(IntStream.range(0, calls).mapToObj(i -> "item-" + i).collect(Collectors.toSet()), Set.copyOf(items));
      long onA = increments.stream().filter(r -> r.node().equals(TwoNodeCluster.NODE_A)).count();
      System.out.printf("redis atomic updates: %d concurrent increments (%d on node a, %d on node b) ended at %d;"
          + " %d concurrent appends kept all %d items%n", calls, onA, calls - onA, calls, calls, items.size());
    }
  }

  @Test
  void hungRedisAnswers503WithinTheCommandTimeoutAndKeepsItsData() throws Exception {
    try (PotoClient user = cluster.balancedClient();
        PotoClient onA = cluster.directClient(cluster.a);
        PotoClient onB = cluster.directClient(cluster.b)) {
      user.loginAsVisitor();
      onA.loginAsVisitor();
      onB.loginAsVisitor();
      ClusterModuleClient module = new ClusterModuleClient(user);
      String kept = "kept-" + TwoNodeCluster.random(8);
      module.put("kept", kept);

      redis.pause(); // SIGSTOP: connections stay open, nothing answers
      List<Duration> waits = new ArrayList<>();
      try {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<Duration>> sessionCalls = new ArrayList<>();
          for (PotoClient client : List.of(onA, onB, user)) {
            for (int i = 0; i < 3; i++) {
              String key = "during-hang-" + i;
              sessionCalls.add(pool.submit(() -> expectUnavailable(() -> new ClusterModuleClient(client).put(key, "x"))));
              sessionCalls.add(pool.submit(() -> expectUnavailable(() -> new ClusterModuleClient(client).get("kept"))));
              // Updates of one key queue for their turn on a node; none waits for the hung Redis twice.
              sessionCalls.add(pool.submit(() -> expectUnavailable(() -> new ClusterModuleClient(client).increment("during-hang"))));
            }
          }
          // Calls that do not touch the session answer while the session calls wait for Redis.
          assertEquals(TwoNodeCluster.NODE_A, new ClusterModuleClient(onA).whoami().node());
          assertEquals(TwoNodeCluster.NODE_B, new ClusterModuleClient(onB).whoami().node());
          for (Future<Duration> call : sessionCalls) {
            waits.add(call.get());
          }
        }
      } finally {
        redis.resume();
      }
      Duration longest = waits.stream().max(Duration::compareTo).orElseThrow();
      assertTrue(longest.compareTo(HANG_BOUND) <= 0,
          "a session call waited " + longest.toMillis() + " ms for a hung Redis; the command timeout is "
              + COMMAND_TIMEOUT.toMillis() + " ms");

      // Back: the value written before the hang is still there, on both nodes.
      long resumed = System.nanoTime();
      CallLoad.await("session calls to work again", Duration.ofSeconds(30), () -> answers(module));
      Set<String> nodes = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        SessionReply read = module.get("kept");
        assertEquals(kept, read.value());
        nodes.add(read.node());
      }
      assertEquals(Set.of(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B), nodes);
      System.out.printf("redis hung (SIGSTOP): %d session calls answered 503, longest wait %d ms (command timeout"
          + " %d ms); sessions answered again %d ms after SIGCONT%n", waits.size(), longest.toMillis(),
          COMMAND_TIMEOUT.toMillis(), (System.nanoTime() - resumed) / 1_000_000);
    }
  }

  @Test
  void redisRestartedMidRunAnswers503WhileDownAndRecoversWithoutRestartingNodes() throws Exception {
    long pidA = cluster.a.pid();
    long pidB = cluster.b.pid();
    List<CallLoad.Call> calls;
    long stopBegin;
    long stopDone;
    long restartBegin;
    Duration recoveryA;
    Duration recoveryB;
    try (CallLoad load = new CallLoad(cluster, 10)) {
      load.awaitSuccesses(200, Duration.ofSeconds(60));

      stopBegin = System.nanoTime();
      redis.stop();
      stopDone = System.nanoTime();
      try (PotoClient onA = cluster.directClient(cluster.a); PotoClient onB = cluster.directClient(cluster.b)) {
        // Logging in and calls without the session keep working on both nodes.
        onA.loginAsVisitor();
        onB.loginAsVisitor();
        for (PotoClient client : List.of(onA, onB)) {
          ClusterModuleClient module = new ClusterModuleClient(client);
          assertEquals(client.userId(), module.whoami().userId());
          expectUnavailable(() -> module.put("while-down", "x"));
          expectUnavailable(() -> module.get("while-down"));
        }
        assertEquals(TwoNodeCluster.NODE_A, new ClusterModuleClient(onA).whoami().node());
        assertEquals(TwoNodeCluster.NODE_B, new ClusterModuleClient(onB).whoami().node());
        load.awaitFailures(20, Duration.ofSeconds(30)); // the balanced load sees the outage too

        restartBegin = System.nanoTime();
        redis.restart(); // same port, empty (no persistence)
        recoveryA = awaitRecovery(onA);
        recoveryB = awaitRecovery(onB);
      }
      load.awaitSuccesses(200, Duration.ofSeconds(60));
      calls = load.stop();

      // Judge every call made during the run.
      List<String> problems = new ArrayList<>();
      int lost = 0;
      int verified = 0;
      Duration longestFailure = Duration.ZERO;
      for (CallLoad.Call call : calls) {
        if (!call.ok()) {
          RpcException e = call.failure();
          if (e.status() != 503 || !ProblemCodes.SESSION_UNAVAILABLE.equals(e.code())) {
            problems.add("unexpected failure " + e.status() + " " + e.code() + ": " + e.getMessage());
          }
          if (call.took().compareTo(longestFailure) > 0) {
            longestFailure = call.took();
          }
          continue;
        }
        if (call.startNanos() > stopDone && call.endNanos() < restartBegin) {
          problems.add("a session call succeeded while Redis was down: " + call);
        }
        if (!call.write() && call.readValue() != null && !call.readValue().equals(call.value())) {
          problems.add("corrupted read: " + call);
        }
        if (!call.write() && call.readValue() == null && call.endNanos() < restartBegin) {
          problems.add("a value vanished while Redis was up: " + call);
        }
      }
      // Afterwards: every value written to the restarted Redis reads back exactly; values of the old,
      // non-persistent Redis are gone, never replaced by something else.
      for (CallLoad.Call call : calls) {
        if (!call.write()) {
          continue;
        }
        String now = new ClusterModuleClient(load.client(call.client())).get(call.key()).value();
        boolean newRedis = call.ok() && call.startNanos() > stopDone;
        boolean oldRedis = call.ok() && call.endNanos() < restartBegin;
        if (newRedis) {
          verified++;
          if (!call.value().equals(now)) {
            problems.add("written after the restart, read back as " + now + ": " + call);
          }
        } else if (oldRedis) {
          lost++;
          if (now != null) {
            problems.add("the restarted Redis has a value it never got: " + now + " for " + call);
          }
        } else if (now != null && !now.equals(call.value())) {
          problems.add("corrupted value " + now + " for " + call);
        }
      }
      if (!problems.isEmpty()) {
        fail(problems.size() + " problems, first ones:\n" + problems.stream().limit(10).collect(Collectors.joining("\n")));
      }
      assertTrue(longestFailure.compareTo(HANG_BOUND) <= 0, "a call waited " + longestFailure.toMillis() + " ms");
      assertTrue(verified >= 100, "enough values written after the restart were checked: " + verified);
      assertEquals(pidA, cluster.a.pid());
      assertEquals(pidB, cluster.b.pid());
      assertTrue(cluster.a.isAlive() && cluster.b.isAlive(), "no node restarted");

      long failed = calls.stream().filter(c -> !c.ok()).count();
      System.out.printf("redis restart: %d balanced calls, %d answered 503 session_unavailable (longest %d ms),"
          + " 0 other failures; down %d ms; sessions back %d ms (node a) / %d ms (node b) after redis-server"
          + " restarted; %d values written after the restart verified, %d written before it gone with the"
          + " non-persistent Redis%n", calls.size(), failed, longestFailure.toMillis(),
          (restartBegin - stopBegin) / 1_000_000, recoveryA.toMillis(), recoveryB.toMillis(), verified, lost);
    }
  }

  @Test
  void nodeRefusesToStartWhenRedisIsUnreachable() {
    int nobody = RedisServerProcess.freePort();
    Map<String, String> env = Map.of(
        ClusterNode.ENV_JWT_SECRET, TwoNodeCluster.random(32),
        ClusterNode.ENV_USER_PASSWORD, TwoNodeCluster.random(12),
        RedisSessionConfig.ENV_URI, "redis://:hunter2secret@127.0.0.1:" + nobody,
        RedisSessionConfig.ENV_CONNECT_TIMEOUT, "1s");
    RedisSessionStartupException e = assertThrows(RedisSessionStartupException.class,
        () -> ClusterNode.start(new ClusterNode.NodeOptions("c", 0, "redis"), env));
    assertTrue(e.getMessage().contains("Cannot use Redis at 127.0.0.1:" + nobody), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2secret"), "the password must not be shown: " + e.getMessage());
  }

  /**
   * A node dies (SIGKILL) while clients keep calling through nginx: sessions live in Redis, so nothing
   * is lost, and the survivor serves everyone. nginx skips the dead node for new requests; a POST it had
   * already sent to the node when it died is not replayed (Poto calls need not be idempotent), so those
   * calls, and only those, fail with 502. Runs last: it leaves one node.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void killedNodeLosesNoSessionDataAndTheSurvivorKeepsAnswering() throws Exception {
    try (CallLoad load = new CallLoad(cluster, KILL_TEST_CLIENTS)) {
      load.awaitSuccesses(300, Duration.ofSeconds(60));
      long killBegin = System.nanoTime();
      cluster.b.kill();
      long killDone = System.nanoTime();
      int successesBeforeKill = load.successes();
      load.awaitSuccesses(400, Duration.ofSeconds(60));
      List<CallLoad.Call> calls = load.stop();

      List<String> problems = new ArrayList<>();
      int inFlightFailures = 0;
      int afterKill = 0;
      for (CallLoad.Call call : calls) {
        if (!call.ok()) {
          RpcException e = call.failure();
          boolean inFlight = call.startNanos() < killDone && call.endNanos() > killBegin;
          if (!inFlight || e.status() != 502) {
            problems.add((inFlight ? "in flight" : "after the kill") + ": " + e.status() + " " + e.code() + " " + call);
          }
          inFlightFailures++;
          continue;
        }
        if (call.startNanos() > killDone) {
          afterKill++;
          if (!TwoNodeCluster.NODE_A.equals(call.node())) {
            problems.add("answered by the dead node: " + call);
          }
        }
        if (!call.write() && !call.value().equals(call.readValue())) {
          problems.add("read back " + call.readValue() + ": " + call);
        }
      }
      // Every acknowledged write is still there, read from the survivor.
      int verified = 0;
      for (CallLoad.Call call : calls) {
        if (!call.write()) {
          continue;
        }
        SessionReply now = new ClusterModuleClient(load.client(call.client())).get(call.key());
        assertEquals(TwoNodeCluster.NODE_A, now.node());
        if (call.ok()) {
          verified++;
          if (!call.value().equals(now.value())) {
            problems.add("lost or changed: now " + now.value() + " for " + call);
          }
        } else if (now.value() != null && !now.value().equals(call.value())) {
          problems.add("a failed write left another value " + now.value() + ": " + call);
        }
      }
      if (!problems.isEmpty()) {
        fail(problems.size() + " problems, first ones:\n"
            + problems.stream().limit(10).collect(Collectors.joining("\n")) + "\n" + cluster.nginx.errorLog());
      }
      assertTrue(inFlightFailures <= KILL_TEST_CLIENTS, "at most one call per client was in flight: " + inFlightFailures);
      assertTrue(afterKill >= 400, "the survivor answered the calls after the kill: " + afterKill);
      assertTrue(cluster.a.isAlive());
      System.out.printf("node kill: %d balanced calls (%d before the kill, %d started after it, all on node a);"
          + " %d failed, all 502 from nginx for calls in flight on the killed node; %d acknowledged writes"
          + " verified on the survivor%n", calls.size(), successesBeforeKill, afterKill, inFlightFailures, verified);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static Duration expectUnavailable(Runnable sessionCall) {
    long start = System.nanoTime();
    RpcException e = assertThrows(RpcException.class, sessionCall::run);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(503, e.status(), e.getMessage());
    assertEquals(ProblemCodes.SESSION_UNAVAILABLE, e.code(), e.getMessage());
    return took;
  }

  private static boolean answers(ClusterModuleClient module) {
    try {
      module.get("probe");
      return true;
    } catch (RpcException e) {
      if (e.status() != 503) {
        throw e;
      }
      return false;
    }
  }

  /** How long after the restart began this node's session calls answered again. */
  private Duration awaitRecovery(PotoClient node) throws InterruptedException {
    ClusterModuleClient module = new ClusterModuleClient(node);
    long from = System.nanoTime();
    CallLoad.await("node " + node.endpoint() + " to reach Redis again", Duration.ofSeconds(30), () -> answers(module));
    return Duration.ofNanos(System.nanoTime() - from);
  }

  private static NodeReply whoamiWithToken(String baseUrl, String token) throws Exception {
    HttpResponse<String> answer = postWithToken(baseUrl, token);
    assertEquals(200, answer.statusCode(), answer.body());
    return JSON.readValue(answer.body(), NodeReply.class);
  }

  private static HttpResponse<String> postWithToken(String baseUrl, String token) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/poto/cluster/whoami"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .timeout(Duration.ofSeconds(30))
        .build();
    return cluster.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A well-formed HS256 token for alice signed with a secret no node has. */
  private static String forgedToken() throws Exception {
    try (PotoClient stranger = PotoClient.create(cluster.a.url())) {
      stranger.login("alice", cluster.userPassword);
      String[] parts = stranger.token().split("\\.");
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(TwoNodeCluster.random(32).getBytes(), "HmacSHA256"));
      byte[] signature = mac.doFinal((parts[0] + "." + parts[1]).getBytes());
      String forged = parts[0] + "." + parts[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
      assertNotEquals(stranger.token(), forged);
      return forged;
    }
  }
}
