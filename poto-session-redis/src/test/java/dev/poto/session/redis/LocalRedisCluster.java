package dev.poto.session.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback for tests: {@code masters} primaries with {@code replicas} replicas each,
 * started on free ports with a short node timeout, joined with {@code redis-cli --cluster create}, and
 * stopped by {@link #close()} (also when starting fails half-way).
 */
final class LocalRedisCluster implements AutoCloseable {
  /** How long a primary may be silent before the cluster fails it over: short, the tests wait for it. */
  static final String NODE_TIMEOUT_MS = "1000";
  /** A primary sends its data to a new replica at once instead of waiting 5 s for more replicas to come. */
  static final String[] SYNC_AT_ONCE = {"--repl-diskless-sync-delay", "0"};

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final List<RedisServerProcess> nodes = new ArrayList<>();

  private LocalRedisCluster() {}

  static LocalRedisCluster start(int masters, int replicas) {
    LocalRedisCluster cluster = new LocalRedisCluster();
    try {
      for (int i = 0; i < masters * (1 + replicas); i++) {
        cluster.nodes.add(RedisServerProcess.start("--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", NODE_TIMEOUT_MS,
            // a replica takes over however long its link was down: the tests kill primaries on purpose
            "--cluster-replica-validity-factor", "0", SYNC_AT_ONCE[0], SYNC_AT_ONCE[1]));
      }
      List<String> command = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
      cluster.nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
      command.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
      run(command);
      cluster.awaitReady(masters, replicas);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis://127.0.0.1:p1,redis://127.0.0.1:p2,...}: every node, as seed list. */
  String seeds() {
    return nodes.stream().map(RedisServerProcess::uri).collect(Collectors.joining(","));
  }

  List<RedisServerProcess> nodes() {
    return nodes;
  }

  /** The running node that is primary for {@code key}'s hash slot, as the cluster sees it now. */
  RedisServerProcess primaryOf(String key) {
    RedisServerProcess any = anyRunning();
    int slot = Integer.parseInt(any.command("CLUSTER", "KEYSLOT", key));
    for (String line : any.command("CLUSTER", "NODES").split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
          return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        }
      }
    }
    throw new IllegalStateException("no primary for slot " + slot);
  }

  private RedisServerProcess anyRunning() {
    return nodes.stream().filter(RedisServerProcess::isRunning).findFirst().orElseThrow();
  }

  /** Every slot served, {@code masters} primaries each with at least {@code replicas} replicas whose link is up. */
  void awaitReady(int masters, int replicas) {
    await("cluster of " + masters + " primaries with " + replicas + " replicas each", () -> {
      for (RedisServerProcess node : nodes) {
        if (!node.isRunning()) {
          continue;
        }
        if (!node.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
          return false;
        }
        String replication = node.command("INFO", "replication");
        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
          return false;
        }
        if (replication.contains("role:master") && connectedReplicas(replication) < replicas && masterHasSlots(node)) {
          return false;
        }
      }
      return primaryCount() == masters;
    });
  }

  /** {@code connected_slaves:N} of INFO replication. */
  static int connectedReplicas(String replication) {
    int at = replication.indexOf("connected_slaves:");
    return at < 0 ? 0 : Integer.parseInt(replication.substring(at + "connected_slaves:".length()).lines().findFirst()
        .orElse("0").trim());
  }

  private boolean masterHasSlots(RedisServerProcess node) {
    for (String line : node.command("CLUSTER", "NODES").split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length >= 3 && fields[2].contains("myself")) {
        return fields.length > 8;
      }
    }
    return false;
  }

  private long primaryCount() {
    return anyRunning().command("CLUSTER", "NODES").lines()
        .map(line -> line.trim().split(" "))
        .filter(fields -> fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail"))
        .count();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // a node still starting or just killed: ask again
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50); // polling for a state, not asserting on time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }

  private static void run(List<String> command) {
    try {
      Path log = Files.createTempFile("poto-redis-cli-", ".log");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("redis-cli --cluster create did not finish");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException("redis-cli --cluster create failed:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String redisCli() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "redis-cli"))) {
        return Path.of(dir, "redis-cli").toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/bin/redis-cli"))) {
      return "/usr/bin/redis-cli";
    }
    throw new IllegalStateException("These tests need redis-cli (Debian/Ubuntu: sudo apt-get install -y"
        + " redis-server, which brings it) to create a Redis Cluster.");
  }

  @Override
  public void close() {
    // SIGKILL: a primary stopped with SIGTERM would wait up to 10 s for its replicas to catch up
    nodes.forEach(RedisServerProcess::kill);
    nodes.forEach(RedisServerProcess::close);
  }
}
