package dev.poto.runtime.auth;

import dev.poto.runtime.session.SessionUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared attempt store that, while it cannot be reached, is replaced by counts kept on this node:
 * logins and visitors keep working through a session-store outage (tokens need no store), and the
 * limits still hold, per node, until the shared store is back.
 */
final class LocalFallbackAttemptStore implements AttemptStore {
  private static final Logger log = LoggerFactory.getLogger(LocalFallbackAttemptStore.class);

  private final AttemptStore shared;
  private final InMemoryAttemptStore local = new InMemoryAttemptStore();
  private final AtomicBoolean usingLocal = new AtomicBoolean();

  LocalFallbackAttemptStore(AttemptStore shared) {
    this.shared = shared;
  }

  /** The store to use: {@code store} itself when it is in memory anyway, else wrapped. */
  static AttemptStore around(AttemptStore store) {
    return store instanceof InMemoryAttemptStore ? store : new LocalFallbackAttemptStore(store);
  }

  @Override
  public Duration retryAfter(String key, int limit, Duration window) {
    try {
      Duration wait = shared.retryAfter(key, limit, window);
      back();
      return wait;
    } catch (SessionUnavailableException e) {
      away(e);
      return local.retryAfter(key, limit, window);
    }
  }

  @Override
  public void record(String key, int limit, Duration window) {
    try {
      shared.record(key, limit, window);
      back();
    } catch (SessionUnavailableException e) {
      away(e);
      local.record(key, limit, window);
    }
  }

  private void away(SessionUnavailableException e) {
    if (usingLocal.compareAndSet(false, true)) {
      log.warn("The shared store for login limits is unavailable ({}); counting on this node until it is back",
          e.getMessage());
    }
  }

  private void back() {
    if (usingLocal.compareAndSet(true, false)) {
      log.info("The shared store for login limits is available again");
    }
  }
}
