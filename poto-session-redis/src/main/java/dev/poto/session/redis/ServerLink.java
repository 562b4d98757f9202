package dev.poto.session.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

/**
 * A standalone server, reached directly or as the master Sentinel names (Lettuce asks the sentinels for
 * the master on every reconnect, so after a failover the connections land on the new master). Writes
 * that wait for replicas go over a connection of their own: {@code WAIT} blocks the connection it is sent
 * on, and reads must not queue behind it.
 */
final class ServerLink implements RedisLink {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisConnection<String, String> replicatedWrites;
  private final RedisCommands<String, String> redis;
  private final RedisCommands<String, String> replicated;
  private final long waitMillis;

  ServerLink(ClientResources resources, RedisSessionConfig config, RedisURI uri) {
    this.client = RedisClient.create(resources);
    client.setOptions(LinkOptions.client(config));
    this.waitMillis = LinkOptions.replicaWaitMillis(config);
    StatefulRedisConnection<String, String> first = client.connect(StringCodec.UTF8, uri);
    try {
      this.replicatedWrites = config.replicaAcks() > 0 ? client.connect(StringCodec.UTF8, uri) : first;
    } catch (RuntimeException e) {
      first.close();
      client.shutdown();
      throw e;
    }
    this.connection = first;
    this.redis = connection.sync();
    this.replicated = replicatedWrites.sync();
  }

  /** Checks the server answers and loads the scripts, so the first calls send only digests. */
  void prepare(Iterable<SessionScripts.Script> scripts) {
    redis.ping();
    for (SessionScripts.Script script : scripts) {
      redis.scriptLoad(script.text());
    }
  }

  @Override
  public <T> T run(SessionScripts.Script script, ScriptOutputType type, String[] keys, String... args) {
    return run(redis, script, type, keys, args);
  }

  @Override
  public <T> T runReplicated(
      SessionScripts.Script script, ScriptOutputType type, int replicas, String[] keys, String... args) {
    if (replicas == 0) {
      return run(redis, script, type, keys, args);
    }
    T result = run(replicated, script, type, keys, args);
    long confirmed = replicated.waitForReplication(replicas, waitMillis);
    if (confirmed < replicas) {
      throw new ReplicasMissingException(confirmed, replicas);
    }
    return result;
  }

  // EVALSHA sends only the digest; a server that lost its script cache (restart, failover) gets the text.
  static <T> T run(RedisCommands<String, String> redis, SessionScripts.Script script, ScriptOutputType type,
      String[] keys, String... args) {
    try {
      return redis.evalsha(script.sha(), type, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(script.text(), type, keys, args);
    }
  }

  @Override
  public boolean exists(String key) {
    return redis.exists(key) == 1L;
  }

  @Override
  public boolean primariesAnswer() {
    return "PONG".equals(redis.ping());
  }

  @Override
  public void close() {
    if (replicatedWrites != connection) {
      replicatedWrites.close();
    }
    connection.close();
    client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
  }
}
