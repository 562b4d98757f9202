package dev.poto.it.cluster;

import org.jspecify.annotations.Nullable;

/**
 * What a session call saw: which node answered, for which user, and the value under {@code key}
 * ({@code null} when there is none).
 */
public record SessionReply(String node, String userId, String key, @Nullable String value) {}
