package dev.poto.session.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Sentinel setup on loopback for tests: a master with {@code replicas} replicas and three sentinels
 * that declare the master down after {@value #DOWN_AFTER_MS} ms, all on free ports and stopped by
 * {@link #close()} (also when starting fails half-way).
 */
final class LocalRedisSentinel implements AutoCloseable {
  static final String MASTER_NAME = "sessions";
  static final String DOWN_AFTER_MS = "500";

  private final List<RedisServerProcess> servers = new ArrayList<>();
  private final List<RedisServerProcess> sentinels = new ArrayList<>();

  private LocalRedisSentinel() {}

  static LocalRedisSentinel start(int replicas) {
    LocalRedisSentinel setup = new LocalRedisSentinel();
    try {
      RedisServerProcess master = RedisServerProcess.start(LocalRedisCluster.SYNC_AT_ONCE);
      setup.servers.add(master);
      for (int i = 0; i < replicas; i++) {
        setup.servers.add(RedisServerProcess.start(LocalRedisCluster.SYNC_AT_ONCE[0], LocalRedisCluster.SYNC_AT_ONCE[1],
            "--replicaof", "127.0.0.1", Integer.toString(master.port())));
      }
      // the sentinels' first look at the master then lists every replica (they ask again only every 10 s)
      LocalRedisCluster.await(replicas + " replicas linked", () ->
          LocalRedisCluster.connectedReplicas(master.command("INFO", "replication")) == replicas);
      String config = "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2\n"
          + "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS + "\n"
          + "sentinel failover-timeout " + MASTER_NAME + " 5000\n"
          + "sentinel parallel-syncs " + MASTER_NAME + " " + Math.max(1, replicas) + "\n";
      for (int i = 0; i < 3; i++) {
        setup.sentinels.add(RedisServerProcess.startSentinel(config));
      }
      setup.awaitReady(master, replicas);
      return setup;
    } catch (RuntimeException | Error e) {
      setup.close();
      throw e;
    }
  }

  /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#sessions}. */
  String uri() {
    return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
        + "#" + MASTER_NAME;
  }

  /** The running server the sentinels name as master now. */
  RedisServerProcess master() {
    int port = masterPort();
    return servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow();
  }

  // INFO sentinel: master0:name=sessions,status=ok,address=127.0.0.1:6379,slaves=2,sentinels=3
  private int masterPort() {
    String info = sentinels.getFirst().command("INFO", "sentinel");
    int at = info.indexOf("address=127.0.0.1:");
    return Integer.parseInt(info.substring(at + "address=127.0.0.1:".length()).split(",")[0].trim());
  }

  /** The master has {@code replicas} linked replicas, and every sentinel knows the master and the others. */
  void awaitReady(RedisServerProcess master, int replicas) {
    LocalRedisCluster.await("sentinel setup with " + replicas + " replicas", () -> {
      if (!master.command("INFO", "replication").contains("connected_slaves:" + replicas)) {
        return false;
      }
      for (RedisServerProcess server : servers) {
        String replication = server.command("INFO", "replication");
        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
          return false;
        }
      }
      for (RedisServerProcess sentinel : sentinels) {
        String info = sentinel.command("INFO", "sentinel");
        if (!info.contains("status=ok") || !info.contains("address=127.0.0.1:" + master.port())
            || !info.contains("slaves=" + replicas) || !info.contains("sentinels=3")) {
          return false;
        }
      }
      return true;
    });
  }

  /** The master and replicas (not the sentinels). */
  List<RedisServerProcess> servers() {
    return servers;
  }

  @Override
  public void close() {
    // SIGKILL: a primary stopped with SIGTERM would wait up to 10 s for its replicas to catch up
    sentinels.forEach(RedisServerProcess::kill);
    servers.forEach(RedisServerProcess::kill);
    sentinels.forEach(RedisServerProcess::close);
    servers.forEach(RedisServerProcess::close);
  }
}
