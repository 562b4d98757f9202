package dev.poto.session.redis;

import java.util.Objects;

/**
 * The Redis key layout, all under one prefix so several apps can share a Redis:
 *
 * <ul>
 *   <li>{@code {prefix}session:{userId}}: a hash, one field per session key, values are JSON text;
 *       its TTL is the idle timeout, renewed on every access;
 *   <li>{@code {prefix}sessions}: a sorted set of user ids scored by last access (epoch ms, Redis
 *       clock), which gives an exact count and an efficient idle cleanup;
 *   <li>{@code {prefix}sessions:evicted}: a counter of sessions removed for idleness;
 *   <li>{@code {prefix}attempts:{key}}: a sorted set of recent login or visitor attempts for one key
 *       (a hashed user name or address), scored by time, expiring with its window.
 * </ul>
 */
final class SessionKeys {
  private final String prefix;

  SessionKeys(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** What every session hash key starts with; the scripts append the user id. */
  String sessionPrefix() {
    return prefix + "session:";
  }

  String session(String userId) {
    return sessionPrefix() + Objects.requireNonNull(userId, "userId");
  }

  String index() {
    return prefix + "sessions";
  }

  /** The sorted set of one attempt-count key ({@link AttemptScripts}). */
  String attempts(String key) {
    return prefix + "attempts:" + Objects.requireNonNull(key, "key");
  }

  String evictedCounter() {
    return prefix + "sessions:evicted";
  }
}
