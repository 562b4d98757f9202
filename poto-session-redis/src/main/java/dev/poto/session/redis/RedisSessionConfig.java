package dev.poto.session.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RedisSessionProvider} reaches Redis and keeps sessions there. Build it from a Redis URI:
 *
 * <pre>{@code
 * RedisSessionConfig config = RedisSessionConfig.builder("redis://:secret@redis.internal:6379/0")
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

  /** Environment variables read by {@link #fromEnvironment()}. */
  public static final String ENV_URI = "POTO_REDIS_URI";
  public static final String ENV_PASSWORD = "POTO_REDIS_PASSWORD";
  public static final String ENV_PREFIX = "POTO_REDIS_PREFIX";
  public static final String ENV_IDLE_TIMEOUT = "POTO_REDIS_IDLE_TIMEOUT";
  public static final String ENV_COMMAND_TIMEOUT = "POTO_REDIS_COMMAND_TIMEOUT";
  public static final String ENV_CONNECT_TIMEOUT = "POTO_REDIS_CONNECT_TIMEOUT";

  private final RedisURI uri;
  private final String keyPrefix;
  private final Duration idleTimeout;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final Duration maxReconnectDelay;

  private RedisSessionConfig(Builder builder) {
    this.uri = builder.uri;
    this.keyPrefix = builder.keyPrefix;
    this.idleTimeout = builder.idleTimeout;
    this.commandTimeout = builder.commandTimeout;
    this.connectTimeout = builder.connectTimeout;
    this.maxReconnectDelay = builder.maxReconnectDelay;
  }

  /** A builder for {@code redisUri} ({@code redis://[:password@]host[:port][/db]} or {@code rediss://...}). */
  public static Builder builder(String redisUri) {
    return new Builder(parseUri(redisUri, "The Redis URI"));
  }

  /** {@code redisUri} with every other setting at its default. */
  public static RedisSessionConfig of(String redisUri) {
    return builder(redisUri).build();
  }

  /**
   * Reads {@value #ENV_URI} (required), {@value #ENV_PASSWORD} (overrides a password in the URI, so it
   * can come from a secret store), {@value #ENV_PREFIX}, {@value #ENV_IDLE_TIMEOUT},
   * {@value #ENV_COMMAND_TIMEOUT} and {@value #ENV_CONNECT_TIMEOUT} (for example {@code 30m}, {@code 2s},
   * {@code 500ms} or {@code PT30M}) from the process environment.
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
              + " (rediss:// for TLS; the password may go in " + ENV_PASSWORD + ").");
    }
    Builder builder = new Builder(parseUri(uriText, ENV_URI));
    String password = env.get(ENV_PASSWORD);
    if (password != null && !password.isEmpty()) {
      RedisCredentials current = credentials(builder.uri);
      String username = current != null && current.hasUsername() ? current.getUsername() : null;
      RedisCredentials replaced = RedisCredentials.just(username, password);
      builder.uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> replaced));
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

  // The URI text may hold a password, so error messages never repeat it.
  private static RedisURI parseUri(String text, String source) {
    Objects.requireNonNull(text, "redisUri");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          source + " is not a valid Redis URI. Expected redis://[:password@]host[:port][/db],"
              + " or rediss://... for TLS.");
    }
    String scheme = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.startsWith("redis://") || scheme.startsWith("rediss://"))
        || parsed.getHost() == null
        || parsed.getHost().isBlank()) {
      throw new IllegalArgumentException(
          source + " must be redis://[:password@]host[:port][/db] or rediss://... (TLS); sentinel and"
              + " socket URIs are not supported by the session provider.");
    }
    return parsed;
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

  /** {@code host:port}, safe to log. */
  public String target() {
    return uri.getHost() + ":" + uri.getPort();
  }

  public int database() {
    return uri.getDatabase();
  }

  public boolean tls() {
    return uri.isSsl();
  }

  /**
   * A fresh copy of the connection URI; holds the password. Its timeout bounds the connection
   * handshake (HELLO, AUTH, SELECT), so it is the connect timeout; commands get the command timeout
   * from the client options.
   */
  RedisURI connectionUri() {
    RedisURI copy = RedisURI.builder(uri).build();
    copy.setTimeout(connectTimeout.compareTo(commandTimeout) > 0 ? connectTimeout : commandTimeout);
    return copy;
  }

  /** The password, or null; only for scrubbing it out of messages that come from elsewhere. */
  String passwordOrNull() {
    RedisCredentials credentials = credentials(uri);
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
    return "RedisSessionConfig[" + (tls() ? "rediss://" : "redis://") + target() + "/" + database()
        + ", keyPrefix=" + keyPrefix + ", idleTimeout=" + idleTimeout + ", commandTimeout="
        + commandTimeout + ", connectTimeout=" + connectTimeout + "]";
  }

  /** Settings on top of the URI; every one has a default. */
  public static final class Builder {
    private final RedisURI uri;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;

    private Builder(RedisURI uri) {
      this.uri = uri;
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
