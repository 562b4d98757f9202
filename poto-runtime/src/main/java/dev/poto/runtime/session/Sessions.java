package dev.poto.runtime.session;

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

/**
 * Typed session helpers for module code: the calling user's session, stored as JSON in the
 * {@link SessionProvider} the server installed in the call's {@link RequestContext}.
 *
 * <pre>{@code
 * Cart cart = Sessions.getSessionValue("cart", Cart.class).orElseGet(Cart::new);
 * Sessions.setSessionValue("cart", cart.with(item));
 * }</pre>
 *
 * Outside a call these throw {@link IllegalStateException}; for an anonymous caller they throw a 401
 * {@code unauthenticated} {@link RpcException}.
 */
public final class Sessions {
  private Sessions() {}

  /** Longest key accepted; keys name values, they are not values. */
  public static final int MAX_KEY_LENGTH = 200;

  private static final ObjectMapper JSON = PotoJson.newMapper();

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
    Optional<String> json = provider().get(userId(), key);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.readValue(json.get(), type));
    } catch (JsonProcessingException e) {
      // Neither the text nor Jackson's message (which quotes it) goes out: session values may be private.
      String where = e instanceof JsonMappingException m ? " at " + m.getPathReference() : "";
      throw new IllegalStateException(
          "Session value '" + key + "' cannot be read as " + type.toCanonical()
              + " (was it stored as another type?): " + e.getClass().getSimpleName() + where);
    }
  }

  /** Stores {@code value} (as JSON) under {@code key}, creating the session if needed. */
  public static void setSessionValue(String key, Object value) {
    checkKey(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "Session value '" + key + "' is null; use Sessions.removeSessionValue(key) to remove it");
    }
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Session value '" + key + "' of " + value.getClass().getName() + " cannot be written as JSON: "
              + e.getOriginalMessage(), e);
    }
    provider().put(userId(), key, json);
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

  private static SessionProvider provider() {
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
