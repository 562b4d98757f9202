package dev.poto.it.cluster;

import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Visitors calling through the balancer without pause while a test breaks something: each writes a
 * new key per round and reads it back, and every call is recorded with its timing and outcome, so the
 * test can judge afterwards what was lost, what failed and when.
 */
final class CallLoad implements AutoCloseable {
  /** One call as the client saw it; {@code failure} is null on success. */
  record Call(int client, String userId, boolean write, String key, String value, long startNanos, long endNanos,
      String node, String readValue, RpcException failure) {
    boolean ok() {
      return failure == null;
    }

    Duration took() {
      return Duration.ofNanos(endNanos - startNanos);
    }
  }

  private final TwoNodeCluster cluster;
  private final List<PotoClient> clients = new ArrayList<>();
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger successes = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
  /** Per node, when its last successful call ended ({@link System#nanoTime}). */
  private final java.util.Map<String, Long> lastAnswer = new java.util.concurrent.ConcurrentHashMap<>();

  CallLoad(TwoNodeCluster cluster, int clientCount) {
    this.cluster = cluster;
    for (int c = 0; c < clientCount; c++) {
      PotoClient client = cluster.balancedClient();
      client.loginAsVisitor();
      clients.add(client);
    }
    for (int c = 0; c < clientCount; c++) {
      int clientNo = c;
      pool.submit(() -> loop(clientNo));
    }
  }

  private void loop(int clientNo) {
    PotoClient client = clients.get(clientNo);
    ClusterModuleClient module = new ClusterModuleClient(client);
    for (int round = 0; running.get(); round++) {
      String key = "load" + round;
      String value = "c" + clientNo + "-r" + round + "-" + TwoNodeCluster.random(6);
      Call write = call(clientNo, client.userId(), true, key, value, () -> module.put(key, value));
      if (write.ok()) {
        call(clientNo, client.userId(), false, key, value, () -> module.get(key));
      }
    }
  }

  private Call call(int clientNo, String userId, boolean write, String key, String value,
      java.util.function.Supplier<SessionReply> rpc) {
    long start = System.nanoTime();
    Call call;
    try {
      SessionReply reply = rpc.get();
      call = new Call(clientNo, userId, write, key, value, start, System.nanoTime(), reply.node(), reply.value(), null);
      lastAnswer.merge(reply.node(), call.endNanos(), Math::max);
      successes.incrementAndGet();
    } catch (RpcException e) {
      call = new Call(clientNo, userId, write, key, value, start, System.nanoTime(), null, null, e);
      failures.incrementAndGet();
    }
    calls.add(call);
    return call;
  }

  int successes() {
    return successes.get();
  }

  int failures() {
    return failures.get();
  }

  /** Whether {@code node} answered a call that ended after {@code sinceNanos}. */
  boolean answeredBy(String node, long sinceNanos) {
    Long last = lastAnswer.get(node);
    return last != null && last - sinceNanos > 0;
  }

  /** Waits (polling) until {@code condition} holds; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(10); // polling a condition, not timing a result
    }
  }

  void awaitSuccesses(int more, Duration timeout) throws InterruptedException {
    int target = successes.get() + more;
    await(more + " more successful calls", timeout, () -> successes.get() >= target);
  }

  void awaitFailures(int more, Duration timeout) throws InterruptedException {
    int target = failures.get() + more;
    await(more + " more failed calls", timeout, () -> failures.get() >= target);
  }

  /** Stops the clients after their current call and returns every call made. */
  List<Call> stop() {
    running.set(false);
    pool.close(); // waits for the loops to finish their current round
    return List.copyOf(calls);
  }

  /** The client of load client {@code clientNo}, to read its session afterwards. */
  PotoClient client(int clientNo) {
    return clients.get(clientNo);
  }

  int clientCount() {
    return clients.size();
  }

  @Override
  public void close() {
    running.set(false);
    pool.close();
    clients.forEach(PotoClient::close);
  }
}
