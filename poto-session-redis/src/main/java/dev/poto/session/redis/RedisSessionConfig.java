package dev.poto.session.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RedisSessionProvider} reaches Redis and keeps sessions there. Build it from where Redis is
 * ({@link RedisTopology} reads that text, for every entry point):
 *
 * <pre>{@code
 * RedisSessionConfig.builder("redis://:secret@redis.internal:6379/0")                 // one server
 * RedisSessionConfig.builder("redis-sentinel://:secret@s1:26379,s2:26379,s3:26379#sessions") // Sentinel
 * RedisSessionConfig.builder("redis://:secret@c1:6379,redis://:secret@c2:6379")        // Cluster seeds
 *     .keyPrefix("board:")
 *     .idleTimeout(Duration.ofMinutes(30))
 *     .build();
 * }</pre>
 *
 * or from the environment with {@link #fromEnvironment()}. {@code rediss://} turns on TLS. The password
 * is kept only for connecting: {@link #toString()} and {@link #target()} never show it.
 */
public final class RedisSessionConfig {
  public static final String DEFAULT_KEY_PREFIX = "poto:";
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
  /** How often a Cluster's topology is re-read even when nothing hints at a change. */
  public static final Duration DEFAULT_TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(10);

  /** Environment variables read by {@link #fromEnvironment()}. */
  public static final String ENV_URI = "POTO_REDIS_URI";
  public static final String ENV_PASSWORD = "POTO_REDIS_PASSWORD";
  public static final String ENV_PREFIX = "POTO_REDIS_PREFIX";
  public static final String ENV_IDLE_TIMEOUT = "POTO_REDIS_IDLE_TIMEOUT";
  public static final String ENV_COMMAND_TIMEOUT = "POTO_REDIS_COMMAND_TIMEOUT";
  public static final String ENV_CONNECT_TIMEOUT = "POTO_REDIS_CONNECT_TIMEOUT";
  public static final String ENV_MODE = "POTO_REDIS_MODE";
  public static final String ENV_REPLICA_ACKS = "POTO_REDIS_REPLICA_ACKS";

  private final RedisTopology topology;
  private final String keyPrefix;
  private final Duration idleTimeout;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final Duration maxReconnectDelay;
  private final Duration topologyRefreshPeriod;
  private final int replicaAcks;

  private RedisSessionConfig(Builder builder) {
    this.topology = builder.topology;
    this.keyPrefix = builder.keyPrefix;
    this.idleTimeout = builder.idleTimeout;
    this.commandTimeout = builder.commandTimeout;
    this.connectTimeout = builder.connectTimeout;
    this.maxReconnectDelay = builder.maxReconnectDelay;
    this.topologyRefreshPeriod = builder.topologyRefreshPeriod;
    this.replicaAcks = builder.replicaAcks == null ? defaultReplicaAcks(topology.mode()) : builder.replicaAcks;
    if (topology.mode() == RedisMode.CLUSTER && (keyPrefix.contains("{") || keyPrefix.contains("}"))) {
      throw new IllegalArgumentException("The key prefix '" + keyPrefix + "' holds a brace, but on a Redis"
          + " Cluster the provider puts its own hash tag ({...}) into every key. Use a prefix without braces.");
    }
  }

  /**
   * With Sentinel or a Cluster a write is acknowledged only once one replica has it (so a failover keeps
   * it); a standalone server has no replica the provider knows of.
   */
  static int defaultReplicaAcks(RedisMode mode) {
    return mode == RedisMode.STANDALONE ? 0 : 1;
  }

  /**
   * A builder for {@code redisUri}: {@code redis://[:password@]host[:port][/db]} or {@code rediss://...}
   * for one server, {@code redis-sentinel://host1[:port1][,host2[:port2]][/db]#masterName} for Sentinel,
   * two or more comma-separated {@code redis://} URIs for the seed nodes of a Cluster.
   */
  public static Builder builder(String redisUri) {
    return new Builder(RedisTopology.parse(redisUri, null, "The Redis URI"));
  }

  /** A builder for a Redis Cluster reached through {@code seedUris} (one or more, comma-separated). */
  public static Builder clusterBuilder(String seedUris) {
    return new Builder(RedisTopology.parse(seedUris, RedisMode.CLUSTER, "The Redis Cluster seed URIs"));
  }

  /** {@code redisUri} with every other setting at its default. */
  public static RedisSessionConfig of(String redisUri) {
    return builder(redisUri).build();
  }

  /**
   * Reads {@value #ENV_URI} (required), {@value #ENV_PASSWORD} (overrides a password in the URI, so it
   * can come from a secret store), {@value #ENV_PREFIX}, {@value #ENV_IDLE_TIMEOUT},
   * {@value #ENV_COMMAND_TIMEOUT} and {@value #ENV_CONNECT_TIMEOUT} (for example {@code 30m}, {@code 2s},
   * {@code 500ms} or {@code PT30M}), {@value #ENV_MODE} ({@code standalone}, {@code sentinel} or
   * {@code cluster}; inferred from the URI when unset) and {@value #ENV_REPLICA_ACKS} from the process
   * environment.
   */
  public static RedisSessionConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Like {@link #fromEnvironment()}, reading the variables from {@code env}. */
  public static RedisSessionConfig fromEnvironment(Map<String, String> env) {
    String uriText = env.get(ENV_URI);
    if (uriText == null || uriText.isBlank()) {
      throw new IllegalArgumentException(
          ENV_URI + " is not set. Set it to the shared Redis, for example redis://redis.internal:6379/0"
              + " (rediss:// for TLS; the password may go in " + ENV_PASSWORD + "), to"
              + " redis-sentinel://s1:26379,s2:26379#masterName, or to Cluster seeds redis://c1:6379,redis://c2:6379.");
    }
    String modeText = env.get(ENV_MODE);
    RedisMode mode = modeText == null || modeText.isBlank() ? null : RedisMode.fromConfigName(modeText, ENV_MODE);
    Builder builder = new Builder(RedisTopology.parse(uriText, mode, ENV_URI));
    String password = env.get(ENV_PASSWORD);
    if (password != null && !password.isEmpty()) {
      for (RedisURI node : builder.topology.nodes()) {
        RedisCredentials current = credentials(node);
        String username = current != null && current.hasUsername() ? current.getUsername() : null;
        RedisCredentials replaced = RedisCredentials.just(username, password);
        node.setCredentialsProvider(RedisCredentialsProvider.from(() -> replaced));
      }
    }
    String acks = env.get(ENV_REPLICA_ACKS);
    if (acks != null && !acks.isBlank()) {
      try {
        builder.replicaAcks(Integer.parseInt(acks.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ENV_REPLICA_ACKS + " must be a whole number of replicas, was '" + acks + "'.");
      }
    }
    String prefix = env.get(ENV_PREFIX);
    if (prefix != null) {
      builder.keyPrefix(prefix);
    }
    durationFrom(env, ENV_IDLE_TIMEOUT, builder::idleTimeout);
    durationFrom(env, ENV_COMMAND_TIMEOUT, builder::commandTimeout);
    durationFrom(env, ENV_CONNECT_TIMEOUT, builder::connectTimeout);
    return builder.build();
  }

  private static void durationFrom(
      Map<String, String> env, String name, java.util.function.Consumer<Duration> setter) {
    String text = env.get(name);
    if (text != null && !text.isBlank()) {
      setter.accept(DurationText.parse(name, text));
    }
  }

  /** The key prefix: session hashes are {@code {prefix}session:{userId}}. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** How long a session may go untouched before Redis expires it. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** The longest any provider call waits for Redis. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The upper bound of the back-off between reconnect attempts after Redis went away. */
  public Duration maxReconnectDelay() {
    return maxReconnectDelay;
  }

  /**
   * How many replicas must have a session write before it is acknowledged (Redis {@code WAIT}); a write
   * no replica confirmed within half the command timeout answers 503. 0 acknowledges once the primary has it.
   */
  public int replicaAcks() {
    return replicaAcks;
  }

  /** How often a Cluster's topology is re-read besides the reads that errors and redirections trigger. */
  public Duration topologyRefreshPeriod() {
    return topologyRefreshPeriod;
  }

  public RedisMode mode() {
    return topology.mode();
  }

  /** Where Redis is ({@code host:port}, the sentinels and master name, or the cluster seeds), safe to log. */
  public String target() {
    return topology.target();
  }

  public int database() {
    return topology.nodes().getFirst().getDatabase();
  }

  public boolean tls() {
    return topology.nodes().stream().anyMatch(RedisURI::isSsl);
  }

  /**
   * Fresh copies of the connection URIs (one server, the sentinel URI, or the cluster seeds); they hold
   * the password. Their timeout bounds the connection handshake (HELLO, AUTH, SELECT), so it is the
   * connect timeout; commands get the command timeout from the client options.
   */
  java.util.List<RedisURI> connectionUris() {
    Duration handshake = connectTimeout.compareTo(commandTimeout) > 0 ? connectTimeout : commandTimeout;
    return topology.nodes().stream().map(uri -> copy(uri, handshake)).toList();
  }

  // RedisURI.builder(uri) copies no sentinels, so a sentinel URI is rebuilt from its parts.
  private static RedisURI copy(RedisURI uri, Duration timeout) {
    if (uri.getSentinels().isEmpty()) {
      RedisURI copy = RedisURI.builder(uri).build();
      copy.setTimeout(timeout);
      return copy;
    }
    RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(uri.getSentinelMasterId())
        .withDatabase(uri.getDatabase()).withSsl(uri.isSsl()).withTimeout(timeout);
    uri.getSentinels().forEach(builder::withSentinel);
    if (uri.getCredentialsProvider() != null) {
      builder.withAuthentication(uri.getCredentialsProvider());
    }
    return builder.build();
  }

  /** The password, or null; only for scrubbing it out of messages that come from elsewhere. */
  String passwordOrNull() {
    RedisCredentials credentials = credentials(topology.nodes().getFirst());
    if (credentials == null || !credentials.hasPassword()) {
      return null;
    }
    return new String(credentials.getPassword());
  }

  // Credentials from a URI are static, so resolving them does not wait on anything.
  private static RedisCredentials credentials(RedisURI uri) {
    RedisCredentialsProvider provider = uri.getCredentialsProvider();
    return provider == null ? null : provider.resolveCredentials().block();
  }

  @Override
  public String toString() {
    return "RedisSessionConfig[" + mode().configName() + " " + (tls() ? "rediss://" : "redis://") + target()
        + "/" + database() + ", keyPrefix=" + keyPrefix + ", replicaAcks=" + replicaAcks + ", idleTimeout=" + idleTimeout + ", commandTimeout="
        + commandTimeout + ", connectTimeout=" + connectTimeout + "]";
  }

  /** Settings on top of the URI; every one has a default. */
  public static final class Builder {
    private final RedisTopology topology;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
    private Duration topologyRefreshPeriod = DEFAULT_TOPOLOGY_REFRESH_PERIOD;
    private Integer replicaAcks;

    private Builder(RedisTopology topology) {
      this.topology = topology;
    }

    /**
     * How many replicas must confirm a session write (Redis {@code WAIT}) before it is acknowledged;
     * default 1 with Sentinel or a Cluster, 0 for a standalone server.
     */
    public Builder replicaAcks(int replicaAcks) {
      if (replicaAcks < 0) {
        throw new IllegalArgumentException("replicaAcks must be 0 or more, was " + replicaAcks);
      }
      this.replicaAcks = replicaAcks;
      return this;
    }

    /** How often a Cluster's topology is re-read even when nothing hints at a change; default 10 s. */
    public Builder topologyRefreshPeriod(Duration topologyRefreshPeriod) {
      this.topologyRefreshPeriod = atLeastOneMilli("topologyRefreshPeriod", topologyRefreshPeriod);
      return this;
    }

    /** Separates apps sharing one Redis; may be empty. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = atLeastOneMilli("idleTimeout", idleTimeout);
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = atLeastOneMilli("commandTimeout", commandTimeout);
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = atLeastOneMilli("connectTimeout", connectTimeout);
      return this;
    }

    public Builder maxReconnectDelay(Duration maxReconnectDelay) {
      this.maxReconnectDelay = atLeastOneMilli("maxReconnectDelay", maxReconnectDelay);
      return this;
    }

    public RedisSessionConfig build() {
      return new RedisSessionConfig(this);
    }

    private static Duration atLeastOneMilli(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
      }
      return value;
    }
  }
}
