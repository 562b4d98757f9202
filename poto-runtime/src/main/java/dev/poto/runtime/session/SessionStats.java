package dev.poto.runtime.session;

import java.util.OptionalLong;

/**
 * Session statistics. A field the store cannot know is empty ("not available"), never a fake zero.
 *
 * @param provider a short name of the provider ("memory", "cookie", "redis")
 * @param activeSessions sessions currently stored
 * @param maxSessions the configured bound, if any
 * @param evictedSessions sessions removed by the bound or by idle expiry since start
 */
public record SessionStats(
    String provider, OptionalLong activeSessions, OptionalLong maxSessions, OptionalLong evictedSessions) {

  public static SessionStats notAvailable(String provider) {
    return new SessionStats(provider, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  }
}
