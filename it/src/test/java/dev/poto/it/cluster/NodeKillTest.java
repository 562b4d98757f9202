package dev.poto.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.poto.protocol.RpcException;
import dev.poto.session.redis.RedisServerProcess;
import dev.poto.session.redis.RedisSessionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A node dies (SIGKILL) while clients keep calling through nginx: sessions live in Redis, so nothing
 * is lost, and the survivor serves everyone. nginx skips the dead node for new requests; a POST it had
 * already sent to the node when it died is not replayed (Poto calls need not be idempotent), so those
 * calls, and only those, fail with 502.
 */
class NodeKillTest {
  private static final int CLIENTS = 20;

  @Test
  void killedNodeLosesNoSessionDataAndTheSurvivorKeepsAnswering() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        TwoNodeCluster cluster = TwoNodeCluster.start("redis", Map.of(
            RedisSessionConfig.ENV_URI, redis.uri(), RedisSessionConfig.ENV_COMMAND_TIMEOUT, "1s"));
        CallLoad load = new CallLoad(cluster, CLIENTS)) {
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
      assertTrue(inFlightFailures <= CLIENTS, "at most one call per client was in flight: " + inFlightFailures);
      assertTrue(afterKill >= 400, "the survivor answered the calls after the kill: " + afterKill);
      assertTrue(cluster.a.isAlive());
      System.out.printf("node kill: %d balanced calls (%d before the kill, %d started after it, all on node a);"
          + " %d failed, all 502 from nginx for calls in flight on the killed node; %d acknowledged writes"
          + " verified on the survivor%n", calls.size(), successesBeforeKill, afterKill, inFlightFailures, verified);
    }
  }
}
