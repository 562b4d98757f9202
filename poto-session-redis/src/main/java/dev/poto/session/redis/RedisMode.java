package dev.poto.session.redis;

import java.util.Locale;

/** How {@link RedisSessionProvider} reaches Redis. */
public enum RedisMode {
  /** One server (which may be a primary with replicas the provider does not know about). */
  STANDALONE,
  /** A primary found through Redis Sentinel; a failover moves the provider to the new primary. */
  SENTINEL,
  /** A Redis Cluster: every key of one user carries the same hash tag, so each script touches one slot. */
  CLUSTER;

  /** The name used in configuration text ({@code POTO_REDIS_MODE}). */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RedisMode fromConfigName(String text, String source) {
    for (RedisMode mode : values()) {
      if (mode.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        source + " must be one of standalone, sentinel or cluster, was '" + text.trim() + "'.");
  }
}
