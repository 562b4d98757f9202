package dev.poto.runtime.auth;

import java.time.Duration;

/**
 * Counts attempts per key in a sliding window, for the login and visitor limits ({@link LoginLimits}).
 * The built-in one is in memory ({@link InMemoryAttemptStore}); a store shared by every node (the
 * Redis session provider implements this too) makes the limits hold across a cluster.
 *
 * <p>Keys are short and made by the runtime (never raw user input). A store that cannot be reached
 * throws {@link dev.poto.runtime.session.SessionUnavailableException}; the runtime then counts on the
 * node itself until the store is back, so logins keep working through an outage.
 */
public interface AttemptStore {

  /**
   * {@link Duration#ZERO} when {@code key} has had fewer than {@code limit} attempts in the last
   * {@code window}; otherwise how long until it has.
   */
  Duration retryAfter(String key, int limit, Duration window);

  /**
   * Records one attempt for {@code key} now. The store may forget attempts older than {@code window}
   * and all but the newest {@code limit}, which is all {@link #retryAfter} needs.
   */
  void record(String key, int limit, Duration window);
}
