package dev.poto.runtime.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Where per-user session data lives. Values are JSON text at this level (the typed helpers in
 * {@link Sessions} do the Jackson work), and every operation is per key, so that concurrent writes of
 * different keys for one user never overwrite each other.
 *
 * <p>Implementations are called on the caller's thread inside the call's
 * {@link dev.poto.runtime.context.RequestContext}; a cookie-backed provider reads and writes cookies
 * through it. A provider whose store is down throws {@link SessionUnavailableException} (503).
 */
public interface SessionProvider extends AutoCloseable {

  /** The JSON stored under {@code key} for {@code userId}, if any. */
  Optional<String> get(String userId, String key);

  /** Stores {@code json} under {@code key}, creating the session if needed. */
  void put(String userId, String key, String json);

  /** Removes one key; true if it was there. */
  boolean remove(String userId, String key);

  /** Deletes the user's whole session; true if there was one. */
  boolean delete(String userId);

  /** Whether the user has a session. */
  boolean exists(String userId);

  /** What the store can tell about itself; never a fake zero. */
  SessionStats stats();

  /**
   * Removes sessions idle for longer than {@code maxIdle}.
   *
   * @return how many were removed, or -1 where the store cannot enumerate sessions (cookies)
   */
  long cleanupIdle(Duration maxIdle);

  /** Releases what the store holds (a sweeper thread, a connection); the server calls it on stop. */
  @Override
  default void close() {}
}
