package dev.poto.it.sessions;

import org.jspecify.annotations.Nullable;

/** {@link dev.poto.runtime.session.SessionStats} on the wire: null where the store cannot know. */
public record StatsView(String provider, @Nullable Long activeSessions, @Nullable Long maxSessions, @Nullable Long evictedSessions) {}
