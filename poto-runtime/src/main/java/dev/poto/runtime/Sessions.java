package dev.poto.runtime;

import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.session.SessionStats;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Typed session helpers for module code: the calling user's session, stored as JSON in the
 * {@link SessionProvider} the server installed in the call's {@link RequestContext}.
 *
 * <pre>{@code
 * Theme theme = Sessions.getSessionValue("theme", Theme.class).orElse(Theme.LIGHT);
 * Sessions.setSessionValue("theme", Theme.DARK);
 * Cart cart = Sessions.updateSessionValue("cart", Cart.class, c -> c.orElseGet(Cart::new).with(item)).orElseThrow();
 * }</pre>
 *
 * Outside a call these throw {@link IllegalStateException}; for an anonymous caller they throw a 401
 * {@code unauthenticated} {@link RpcException}.
 */
public final class Sessions {
  private Sessions() {}

  /** Longest key accepted; keys name values, they are not values. */
  public static final int MAX_KEY_LENGTH = 200;

  private static final ObjectMapper JSON = PotoJson.newStorageMapper();

  /** Bound to the key while an {@link #updateSessionValue update} function runs, to refuse re-entry. */
  private static final ScopedValue<String> UPDATING = ScopedValue.newInstance();

  public static <T> Optional<T> getSessionValue(String key, Class<T> type) {
    return getSessionValue(key, JSON.constructType(type));
  }

  public static <T> Optional<T> getSessionValue(String key, TypeReference<T> type) {
    return getSessionValue(key, JSON.constructType(type));
  }

  /** Reads the value stored under {@code key} as {@code type}; empty when there is none. */
  public static <T> Optional<T> getSessionValue(String key, JavaType type) {
    checkKey(key);
    Objects.requireNonNull(type, "type");
    return provider().get(userId(), key).map(json -> read(key, json, type));
  }

  /** Stores {@code value} (as JSON) under {@code key}, creating the session if needed. */
  public static void setSessionValue(String key, Object value) {
    checkKey(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "Session value '" + key + "' is null; use Sessions.removeSessionValue(key) to remove it");
    }
    provider().put(userId(), key, write(key, value));
  }

  public static <T> Optional<T> updateSessionValue(
      String key, Class<T> type, Function<? super Optional<T>, ? extends T> update) {
    return updateSessionValue(key, JSON.constructType(type), update);
  }

  public static <T> Optional<T> updateSessionValue(
      String key, TypeReference<T> type, Function<? super Optional<T>, ? extends T> update) {
    return updateSessionValue(key, JSON.constructType(type), update);
  }

  /**
   * Replaces the value under {@code key} with {@code update} applied to it, atomically: concurrent
   * updates of one key by the same user all take effect, none is lost. This is the helper for counters,
   * carts and lists appended to; a {@link #getSessionValue get} followed by a {@link #setSessionValue set}
   * is not atomic.
   *
   * <pre>{@code
   * int visits = Sessions.updateSessionValue("visits", Integer.class, n -> n.orElse(0) + 1).orElseThrow();
   * }</pre>
   *
   * <p>{@code update} gets the current value read as {@code type} (empty when there is none; a fresh
   * copy it may change) and returns the next one; returning {@code null} removes the key. When it
   * throws, the stored value stays as it was and the exception propagates.
   *
   * <p>Rules for {@code update}: it may run more than once (the Redis store retries when another node
   * wrote the key in between), so it must compute the next value from its argument alone, without side
   * effects; and it must not use the session itself (it runs while the store holds the key, and a
   * session helper called inside it throws {@link IllegalStateException}).
   *
   * <p>Atomic per store: in memory, inside the user's entry lock; in Redis, across every node (a
   * compare-and-set script with bounded retries, 409 {@code session_conflict} when the key never stops
   * changing). <b>Encrypted cookie sessions</b> are atomic only within one call: two requests in flight
   * at once from one browser each start from the cookie they carried, and the answer that arrives last
   * decides the cookie, so one of the two updates is lost. Use a server-side store when one client
   * updates concurrently.
   *
   * @return the value now stored (what {@code update} returned), or empty when the key was removed
   */
  public static <T> Optional<T> updateSessionValue(
      String key, JavaType type, Function<? super Optional<T>, ? extends T> update) {
    checkKey(key);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(update, "update");
    SessionProvider provider = provider();
    AtomicReference<T> stored = new AtomicReference<>(); // what the last application of update returned
    Optional<String> json = provider.update(userId(), key, current -> {
      Optional<T> value = current.map(text -> read(key, text, type));
      T next = ScopedValue.where(UPDATING, key).call(() -> update.apply(value));
      stored.set(next);
      return next == null ? Optional.empty() : Optional.of(write(key, next));
    });
    return json.isEmpty() ? Optional.empty() : Optional.of(stored.get());
  }

  /** Removes one value; true if it was there. */
  public static boolean removeSessionValue(String key) {
    checkKey(key);
    return provider().remove(userId(), key);
  }

  /** Deletes the calling user's whole session; true if there was one. */
  public static boolean deleteUserSession() {
    return provider().delete(userId());
  }

  /** Whether the calling user has a session. */
  public static boolean hasSession() {
    return provider().exists(userId());
  }

  /** The store's statistics (not per user, so an anonymous caller may ask too). */
  public static SessionStats getSessionStats() {
    return provider().stats();
  }

  private static <T> T read(String key, String json, JavaType type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      // Neither the text nor Jackson's message (which quotes it) goes out: session values may be private.
      String where = e instanceof JsonMappingException m ? " at " + m.getPathReference() : "";
      throw new IllegalStateException(
          "Session value '" + key + "' cannot be read as " + type.toCanonical()
              + " (was it stored as another type?): " + e.getClass().getSimpleName() + where);
    }
  }

  private static String write(String key, Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Session value '" + key + "' of " + value.getClass().getName() + " cannot be written as JSON: "
              + e.getOriginalMessage(), e);
    }
  }

  private static SessionProvider provider() {
    if (UPDATING.isBound()) {
      throw new IllegalStateException(
          "The function given to updateSessionValue('" + UPDATING.get() + "', ...) must not use the session:"
              + " it runs while the store holds that key. Read what it needs before the update.");
    }
    RequestContext context = Poto.context();
    return context
        .sessionProvider()
        .orElseThrow(
            () -> new IllegalStateException(
                "This call has no session provider. The server installs one in every RequestContext;"
                    + " a hand-made context (tests) must pass one to the RequestContext constructor."));
  }

  private static String userId() {
    Optional<PotoUser> user = Poto.findCurrentUser();
    if (user.isEmpty()) {
      throw new RpcException(
          401, ProblemCodes.UNAUTHENTICATED, "Session helpers need a logged-in caller (log in or register as a visitor)");
    }
    return user.get().id();
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("A session key must not be null or empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "A session key must be at most " + MAX_KEY_LENGTH + " characters, was " + key.length());
    }
  }
}
