package dev.poto.runtime.auth;

import dev.poto.runtime.session.SessionProvider;

/** Picks the runtime's {@link AttemptStore}. */
public final class AttemptStores {
  private AttemptStores() {}

  /**
   * The configured store, else the session provider when it is an {@link AttemptStore} (the Redis one
   * is: the limits then hold across nodes), else a new in-memory one. A store that is not in memory
   * falls back to counts on this node while it cannot be reached.
   */
  public static AttemptStore resolve(AttemptStore configured, SessionProvider sessions) {
    AttemptStore chosen = configured != null ? configured
        : sessions instanceof AttemptStore shared ? shared
        : new InMemoryAttemptStore();
    return LocalFallbackAttemptStore.around(chosen);
  }
}
