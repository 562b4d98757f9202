package dev.poto.session.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the session Redis is, read from one line of configuration text. The only parser of that text:
 * the builder, {@link RedisSessionConfig#fromEnvironment()} and the error messages all go through it.
 *
 * <ul>
 *   <li>{@code redis://[:password@]host[:port][/db]} (or {@code rediss://} for TLS): one standalone server;
 *   <li>{@code redis-sentinel://[:password@]host1[:port1][,host2[:port2]...][/db]#masterName}: the master
 *       named {@code masterName}, found through those sentinels and followed across failovers;
 *   <li>{@code redis://host1:port1,redis://host2:port2,...} (two or more URIs): the seed nodes of a
 *       Redis Cluster. A cluster with a single seed is named with {@link RedisMode#CLUSTER} explicitly.
 * </ul>
 */
record RedisTopology(RedisMode mode, List<RedisURI> nodes) {

  static final String FORMS = "redis://[:password@]host[:port][/db] (rediss:// for TLS), a comma-separated"
      + " list of redis:// seed nodes for a Redis Cluster, or"
      + " redis-sentinel://[:password@]host1[:port1][,host2[:port2]][/db]#masterName for Sentinel";

  /**
   * Reads {@code text}; {@code mode} is null to infer it from the text, or the mode the caller asked for
   * (which the text must fit). {@code source} names the setting in error messages, which never repeat the
   * text (it may hold a password).
   */
  static RedisTopology parse(String text, RedisMode mode, String source) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(source + " is empty. Expected " + FORMS + ".");
    }
    String trimmed = text.trim();
    boolean sentinelForm = trimmed.toLowerCase(Locale.ROOT).startsWith("redis-sentinel://");
    RedisMode inferred =
        sentinelForm ? RedisMode.SENTINEL : trimmed.contains(",") ? RedisMode.CLUSTER : RedisMode.STANDALONE;
    RedisMode chosen = mode == null ? inferred : mode;
    return switch (chosen) {
      case SENTINEL -> {
        if (!sentinelForm) {
          throw new IllegalArgumentException(source + " must be redis-sentinel://host1[:port1][,host2[:port2]]"
              + "[/db]#masterName in sentinel mode.");
        }
        RedisURI uri = create(trimmed, source);
        if (uri.getSentinels().isEmpty() || uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank()) {
          throw new IllegalArgumentException(source + " names no sentinel or no master: expected"
              + " redis-sentinel://host1[:port1][,host2[:port2]][/db]#masterName.");
        }
        yield new RedisTopology(RedisMode.SENTINEL, List.of(uri));
      }
      case STANDALONE -> {
        if (sentinelForm || trimmed.contains(",")) {
          throw new IllegalArgumentException(source + " must be a single redis://[:password@]host[:port][/db]"
              + " (rediss:// for TLS) in standalone mode; a list of nodes is a Redis Cluster.");
        }
        yield new RedisTopology(RedisMode.STANDALONE, List.of(server(trimmed, source)));
      }
      case CLUSTER -> {
        if (sentinelForm) {
          throw new IllegalArgumentException(source + " must be redis:// seed nodes in cluster mode, not a"
              + " redis-sentinel:// URI.");
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String part : trimmed.split(",")) {
          if (!part.isBlank()) {
            RedisURI seed = server(part.trim(), source);
            if (seed.getDatabase() != 0) {
              throw new IllegalArgumentException(source + " names database " + seed.getDatabase()
                  + ", but a Redis Cluster has only database 0: name none in the redis:// seed URIs.");
            }
            seeds.add(seed);
          }
        }
        if (seeds.isEmpty()) {
          throw new IllegalArgumentException(source + " names no cluster node. Expected " + FORMS + ".");
        }
        yield new RedisTopology(RedisMode.CLUSTER, List.copyOf(seeds));
      }
    };
  }

  private static RedisURI server(String text, String source) {
    String scheme = text.toLowerCase(Locale.ROOT);
    if (!(scheme.startsWith("redis://") || scheme.startsWith("rediss://"))) {
      throw new IllegalArgumentException(source + " is not a Redis URI. Expected " + FORMS
          + "; socket URIs are not supported by the session provider.");
    }
    RedisURI uri = create(text, source);
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException(source + " names no host. Expected " + FORMS + ".");
    }
    return uri;
  }

  private static RedisURI create(String text, String source) {
    try {
      return RedisURI.create(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + " is not a valid Redis URI. Expected " + FORMS + ".");
    }
  }

  /** Where it points, safe to log (no password). */
  String target() {
    return switch (mode) {
      case STANDALONE -> hostPort(nodes.getFirst());
      case SENTINEL -> "master '" + nodes.getFirst().getSentinelMasterId() + "' via sentinels "
          + nodes.getFirst().getSentinels().stream().map(RedisTopology::hostPort).collect(Collectors.joining(","));
      case CLUSTER -> "cluster via " + nodes.stream().map(RedisTopology::hostPort).collect(Collectors.joining(","));
    };
  }

  private static String hostPort(RedisURI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }
}
