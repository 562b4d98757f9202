package dev.poto.runtime.session;

import dev.poto.runtime.scheduling.TaskScheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where per-user session data lives. Values are JSON text at this level (the typed helpers in
 * {@link dev.poto.runtime.Sessions} do the Jackson work), and every operation is per key, so that concurrent writes of
 * different keys for one user never overwrite each other; {@link #update} is the read-modify-write of
 * one key that concurrent writers of the same key need.
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

  /**
   * Replaces the JSON under {@code key} with {@code update} applied to it, atomically: no other write of
   * that key lands between the read and the write, so concurrent updates of one counter or list all
   * count. {@code update} gets the current JSON (empty when there is none) and returns the next
   * (empty removes the key); when it throws, nothing changes and the exception propagates.
   *
   * <p>A store may apply {@code update} more than once (an optimistic store retries when another writer
   * got there first), so it must compute its answer from its argument alone, without side effects.
   *
   * @return what was stored: the JSON {@code update} returned last, or empty when the key was removed
   */
  Optional<String> update(String userId, String key, UnaryOperator<Optional<String>> update);

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

  /**
   * Called by the runtime once, before it serves, with its scheduler: a store that needs a timer (a
   * sweeper) runs it there rather than on a thread of its own, and stops it in {@link #close()}.
   */
  default void start(TaskScheduler scheduler) {}

  /** Releases what the store holds (a sweeper, a connection); the runtime calls it when it closes. */
  @Override
  default void close() {}
}
