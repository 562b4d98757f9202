package dev.poto.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.session.SessionStats;
import dev.poto.runtime.Sessions;
import java.util.Optional;
import java.util.function.Function;

/**
 * An optional base class for modules with the seed's helpers as instance methods. They only read the
 * current call's {@link RequestContext} (through {@link Poto}); a module keeps no request state.
 */
public abstract class PotoModule {

  /** The authenticated caller; a 401 when the call is anonymous. */
  protected PotoUser currentUser() {
    return Poto.currentUser();
  }

  /** The caller, or empty for an anonymous call to a {@code @Public} method. */
  protected Optional<PotoUser> findCurrentUser() {
    return Poto.findCurrentUser();
  }

  protected String requestId() {
    return Poto.requestId();
  }

  protected RequestContext context() {
    return Poto.context();
  }

  /** Whether the caller went away or the deadline passed; long loops should check it. */
  protected boolean isCancelled() {
    return Poto.isCancelled();
  }

  /** Runs {@code cleanup} when the call is cancelled. */
  protected void onCancel(Runnable cleanup) {
    Poto.onCancel(cleanup);
  }

  /** The caller's session value under {@code key}, read as {@code type}. */
  protected <T> Optional<T> getSessionValue(String key, Class<T> type) {
    return Sessions.getSessionValue(key, type);
  }

  /** The caller's session value under {@code key}, read as a generic type. */
  protected <T> Optional<T> getSessionValue(String key, TypeReference<T> type) {
    return Sessions.getSessionValue(key, type);
  }

  /** Stores {@code value} (as JSON) under {@code key} in the caller's session. */
  protected void setSessionValue(String key, Object value) {
    Sessions.setSessionValue(key, value);
  }

  /**
   * Replaces the caller's session value under {@code key} with {@code update} applied to it,
   * atomically: concurrent updates all count (counters, carts, lists appended to). {@code update} gets
   * the current value (empty when there is none) and returns the next, {@code null} to remove it; when
   * it throws, the old value stays. It may run more than once and must not use the session itself.
   * With encrypted cookie sessions the update is atomic within one call only: two requests in flight
   * from one browser each start from the cookie they carried, and the last answer wins. Details:
   * {@link Sessions#updateSessionValue(String, com.fasterxml.jackson.databind.JavaType, Function)}.
   *
   * @return the value now stored, or empty when the key was removed
   */
  protected <T> Optional<T> updateSessionValue(
      String key, Class<T> type, Function<? super Optional<T>, ? extends T> update) {
    return Sessions.updateSessionValue(key, type, update);
  }

  /** {@link #updateSessionValue(String, Class, Function)} for a generic type such as {@code List<Item>}. */
  protected <T> Optional<T> updateSessionValue(
      String key, TypeReference<T> type, Function<? super Optional<T>, ? extends T> update) {
    return Sessions.updateSessionValue(key, type, update);
  }

  /** Removes one key from the caller's session; true if it was there. */
  protected boolean removeSessionValue(String key) {
    return Sessions.removeSessionValue(key);
  }

  /** Deletes the caller's whole session; true if there was one. */
  protected boolean deleteUserSession() {
    return Sessions.deleteUserSession();
  }

  /** What the session store can tell about itself. */
  protected SessionStats getSessionStats() {
    return Sessions.getSessionStats();
  }
}
