package dev.poto.session.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Redis Cluster. Reads and plain writes go through Lettuce's cluster connection, which routes each script
 * by the slot of its keys and follows redirections and failovers (it re-reads the topology periodically and
 * whenever errors or redirections hint at a change, {@link LinkOptions#cluster}).
 *
 * <p>A write that waits for replicas must send its {@code WAIT} on the very connection that carried the
 * write, to the primary of the write's slot: it runs both on that primary's node connection of a second
 * cluster connection (so reads never queue behind a {@code WAIT}). A primary that answers {@code MOVED}
 * (the slot moved in a failover this node has not seen yet) did not run the script: the topology is read
 * again and the write sent once more to the new primary.
 */
final class ClusterLink implements RedisLink {
  private final RedisClusterClient client;
  private final StatefulRedisClusterConnection<String, String> connection;
  private final StatefulRedisClusterConnection<String, String> replicatedWrites;
  private final RedisAdvancedClusterCommands<String, String> redis;
  private final long waitMillis;
  private final AtomicLong lastRefreshNanos = new AtomicLong(System.nanoTime());
  private final reactor.core.Disposable topologyWatch;

  ClusterLink(ClientResources resources, RedisSessionConfig config, List<RedisURI> seeds) {
    this.client = RedisClusterClient.create(resources, seeds);
    client.setOptions(LinkOptions.cluster(config));
    this.waitMillis = LinkOptions.replicaWaitMillis(config);
    try {
      this.connection = client.connect(StringCodec.UTF8);
      this.replicatedWrites = client.connect(StringCodec.UTF8);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
    this.redis = connection.sync();
    // A new primary (after a failover) gets its connections at once, not on the first command sent to it.
    this.topologyWatch = resources.eventBus().get()
        .filter(event -> event instanceof ClusterTopologyChangedEvent)
        .subscribe(event -> connectPrimaries(false));
  }

  /**
   * Connects to every primary and checks each answers; the scripts are loaded on each primary by their
   * first use.
   */
  void prepare() {
    connectPrimaries(true);
    if (!primariesAnswer()) {
      throw new io.lettuce.core.RedisException("not every hash slot has a primary that answers");
    }
  }

  /**
   * Opens both cluster connections' node connections to every primary. Lettuce opens them lazily, and
   * with commands rejected while disconnected (a dead primary answers 503 at once) a command sent to a
   * connection still opening would be rejected too.
   */
  private void connectPrimaries(boolean wait) {
    for (RedisClusterNode node : connection.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
        String host = node.getUri().getHost();
        int port = node.getUri().getPort();
        for (StatefulRedisClusterConnection<String, String> each : List.of(connection, replicatedWrites)) {
          var opening = each.getConnectionAsync(host, port);
          if (wait) {
            try {
              opening.join();
            } catch (java.util.concurrent.CompletionException e) {
              throw new io.lettuce.core.RedisException("cannot connect to the primary " + host + ":" + port, e.getCause());
            }
          }
        }
      }
    }
  }

  @Override
  public <T> T run(SessionScripts.Script script, ScriptOutputType type, String[] keys, String... args) {
    try {
      return redis.evalsha(script.sha(), type, keys, args);
    } catch (io.lettuce.core.RedisNoScriptException e) {
      return redis.eval(script.text(), type, keys, args);
    }
  }

  @Override
  public <T> T runReplicated(
      SessionScripts.Script script, ScriptOutputType type, int replicas, String[] keys, String... args) {
    if (replicas == 0) {
      return run(script, type, keys, args);
    }
    int slot = SlotHash.getSlot(keys[0]);
    try {
      return runOnPrimary(slot, script, type, replicas, keys, args);
    } catch (RedisCommandExecutionException e) {
      if (!isRedirection(e)) {
        throw e;
      }
      client.refreshPartitions(); // the script did not run: read the topology and send it to the new primary
      return runOnPrimary(slot, script, type, replicas, keys, args);
    } catch (RuntimeException e) {
      refreshSoon(); // the primary may be gone: let the topology catch up with a failover
      throw e;
    }
  }

  private <T> T runOnPrimary(int slot, SessionScripts.Script script, ScriptOutputType type, int replicas,
      String[] keys, String... args) {
    RedisClusterNode primary = replicatedWrites.getPartitions().getMasterBySlot(slot);
    if (primary == null) {
      throw new io.lettuce.core.RedisException("no primary serves hash slot " + slot);
    }
    StatefulRedisConnection<String, String> node =
        replicatedWrites.getConnection(primary.getUri().getHost(), primary.getUri().getPort());
    RedisCommands<String, String> commands = node.sync();
    T result = ServerLink.run(commands, script, type, keys, args);
    long confirmed = commands.waitForReplication(replicas, waitMillis);
    if (confirmed < replicas) {
      throw new ReplicasMissingException(confirmed, replicas);
    }
    return result;
  }

  private static boolean isRedirection(RedisCommandExecutionException e) {
    String message = e.getMessage();
    return message != null && (message.startsWith("MOVED") || message.startsWith("ASK"));
  }

  private void refreshSoon() {
    long now = System.nanoTime();
    long last = lastRefreshNanos.get();
    if (now - last >= LinkOptions.ADAPTIVE_REFRESH_SPACING.toNanos() && lastRefreshNanos.compareAndSet(last, now)) {
      client.refreshPartitionsAsync();
    }
  }

  @Override
  public boolean exists(String key) {
    return redis.exists(key) == 1L;
  }

  /**
   * Every hash slot has a primary in the current topology, and each of them answers and says the cluster
   * is up ({@code cluster_state:ok}; a cluster with an uncovered slot refuses queries by default). While a
   * primary is down and not yet replaced, part of the sessions cannot be reached: not ready.
   */
  @Override
  public boolean primariesAnswer() {
    BitSet covered = new BitSet(SlotHash.SLOT_COUNT);
    for (RedisClusterNode node : connection.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
        String info = connection.getConnection(node.getUri().getHost(), node.getUri().getPort()).sync().clusterInfo();
        if (info == null || !info.contains("cluster_state:ok")) {
          return false;
        }
        node.getSlots().forEach(covered::set);
      }
    }
    if (covered.cardinality() < SlotHash.SLOT_COUNT) {
      refreshSoon();
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    topologyWatch.dispose();
    replicatedWrites.close();
    connection.close();
    client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
  }
}
