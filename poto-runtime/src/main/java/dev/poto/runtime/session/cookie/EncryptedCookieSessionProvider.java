package dev.poto.runtime.session.cookie;

import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.session.SessionStats;
import dev.poto.protocol.ProblemCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.context.ResponseHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions kept by the browser in one encrypted cookie (Tink AEAD, user id bound as associated data),
 * so any server instance holding the keyset can serve any request: nothing to store, share or clean.
 *
 * <p>Within one call the session is read from the request cookie once, changed in a working copy kept
 * in the call's {@link RequestContext}, and every change replaces the call's single {@code Set-Cookie}
 * for this cookie, so many writes in one call (even from several threads) all go out together.
 *
 * <p><b>Limitation, inherent to cookies:</b> each request carries the cookie as it was when the
 * request was sent. Two requests in flight at once from one browser both start from that copy, and the
 * answer that arrives last decides the cookie: a change made by the other one is lost. Writes from
 * one client are safe when that client makes them one request at a time, or several within a single
 * call. The same holds for {@link #update}: atomic within one call, last-answer-wins across concurrent
 * requests. A client that writes concurrently needs a server-side provider (in-memory or Redis). For
 * the same reason {@link #stats()} cannot count sessions and {@link #cleanupIdle} cannot remove any.
 *
 * <p>A cookie that is tampered with, truncated, encrypted under an unknown key, written for another
 * user, expired or otherwise unreadable reads as "no session" (logged at debug level, without its
 * value), never as an error. A session too large for one cookie ({@value #MAX_SET_COOKIE_BYTES} bytes
 * including its attributes) fails the write with 413 {@code session_too_large}, keeping the previous
 * state. Streaming answers: the cookie must be written before the first item is sent; a write after
 * that fails with an {@link IllegalStateException} that says so.
 */
public final class EncryptedCookieSessionProvider implements SessionProvider {
  private static final Logger log = LoggerFactory.getLogger(EncryptedCookieSessionProvider.class);

  /** What browsers guarantee to keep per cookie: name, value and attributes together (RFC 6265 §6.1). */
  public static final int MAX_SET_COOKIE_BYTES = 4096;

  public static final String DEFAULT_COOKIE_NAME = "poto_session";
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern COOKIE_PATH = Pattern.compile("/[\\x21-\\x3A\\x3C-\\x7E]*");

  /** How a cookie may travel with cross-site requests. */
  public enum SameSite {
    STRICT("Strict"),
    LAX("Lax"),
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }
  }

  private final SessionCookieCodec codec;
  private final String cookieName;
  private final Duration maxAge;
  private final SameSite sameSite;
  private final String path;
  private final boolean secure;
  private final InstantSource clock;

  private EncryptedCookieSessionProvider(Builder b) {
    this.codec = new SessionCookieCodec(b.keys);
    this.cookieName = b.cookieName;
    this.maxAge = b.maxAge;
    this.sameSite = b.sameSite;
    this.path = b.path;
    this.secure = b.secure;
    this.clock = b.clock;
  }

  public static Builder builder(CookieSessionKeys keys) {
    return new Builder(keys);
  }

  public String cookieName() {
    return cookieName;
  }

  @Override
  public Optional<String> get(String userId, String key) {
    CallSession session = callSession(userId, false);
    if (session == null) {
      return Optional.empty();
    }
    Map<String, JsonNode> values = session.values;
    JsonNode value = values == null ? null : values.get(key);
    return value == null ? Optional.empty() : Optional.of(toJson(value));
  }

  @Override
  public void put(String userId, String key, String json) {
    Objects.requireNonNull(key, "key");
    JsonNode value = parse(key, json);
    change(userId, values -> values.put(key, value));
  }

  /**
   * Atomic within this call: the call's working copy stays locked while {@code update} runs, so updates
   * from several threads of one call all count. Not across requests: two requests in flight from one
   * browser each start from the cookie they carried, and the answer that arrives last decides the
   * cookie (see the class comment).
   */
  @Override
  public Optional<String> update(String userId, String key, UnaryOperator<Optional<String>> update) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(update, "update");
    CallSession session = callSession(userId, true);
    synchronized (session) {
      JsonNode current = session.values == null ? null : session.values.get(key);
      Optional<String> next =
          Objects.requireNonNull(update.apply(current == null ? Optional.empty() : Optional.of(toJson(current))),
              "update returned null; return Optional.empty() to remove the key");
      if (next.isPresent()) {
        JsonNode value = parse(key, next.get());
        change(userId, values -> values.put(key, value));
      } else if (current != null) {
        change(userId, values -> values.remove(key));
      }
      return next;
    }
  }

  @Override
  public boolean remove(String userId, String key) {
    CallSession session = callSession(userId, true);
    synchronized (session) {
      if (session.values == null || !session.values.containsKey(key)) {
        return false;
      }
      change(userId, values -> values.remove(key));
      return true;
    }
  }

  @Override
  public boolean delete(String userId) {
    CallSession session = callSession(userId, true);
    synchronized (session) {
      boolean had = session.values != null;
      if (had || session.cookieArrived) {
        ResponseHeaders headers = writableHeaders();
        headers.setCookie(cookieName, setCookie("", 0));
      }
      session.values = null;
      return had;
    }
  }

  @Override
  public boolean exists(String userId) {
    CallSession session = callSession(userId, false);
    return session != null && session.values != null;
  }

  /** Not available: the sessions live in browsers, the server cannot count them. */
  @Override
  public SessionStats stats() {
    return SessionStats.notAvailable("cookie");
  }

  /** Returns -1: cookies expire in the browser (Max-Age) and are refused after their sealed expiry. */
  @Override
  public long cleanupIdle(Duration maxIdle) {
    return -1;
  }

  private void change(String userId, Consumer<Map<String, JsonNode>> edit) {
    CallSession session = callSession(userId, true);
    synchronized (session) {
      ResponseHeaders headers = writableHeaders();
      Map<String, JsonNode> next = new LinkedHashMap<>(session.values == null ? Map.of() : session.values);
      edit.accept(next);
      long maxAgeSeconds = maxAge.toSeconds();
      String value = codec.encode(userId, next, clock.instant().plusSeconds(maxAgeSeconds));
      String header = setCookie(value, maxAgeSeconds);
      if (header.length() > MAX_SET_COOKIE_BYTES) {
        throw new RpcException(
            413,
            ProblemCodes.SESSION_TOO_LARGE,
            "The session would need a " + header.length() + "-byte cookie, over the " + MAX_SET_COOKIE_BYTES
                + "-byte limit browsers keep; the change was not made. Store less in the session, or use a"
                + " server-side session provider (in-memory or Redis).");
      }
      headers.setCookie(cookieName, header);
      session.values = next; // published only once the cookie is on its way
    }
  }

  private ResponseHeaders writableHeaders() {
    ResponseHeaders headers = CallScope.current().responseHeaders();
    if (headers.isCommitted()) {
      throw new IllegalStateException(
          "The session cannot change now: it lives in a cookie, and this call's answer has already started"
              + " (a stream sent its first item), so no Set-Cookie can follow. Write session values before"
              + " the stream starts, or use a server-side session provider (in-memory or Redis).");
    }
    return headers;
  }

  /**
   * The call's working copy of the caller's session, loaded from the request cookie on first use.
   * Null for a read about someone other than the caller: their cookie is not in this request.
   */
  private CallSession callSession(String userId, boolean forWrite) {
    Objects.requireNonNull(userId, "userId");
    RequestContext context = CallScope.current();
    String caller = context.user().map(PotoUser::id).orElse(null);
    if (!userId.equals(caller)) {
      if (forWrite) {
        throw new IllegalArgumentException(
            "The cookie session provider can change only the calling user's session (it travels in the"
                + " caller's cookie), not that of another user id");
      }
      return null;
    }
    return context.callState(this, CallSession.class, () -> load(context, userId));
  }

  private CallSession load(RequestContext context, String userId) {
    String cookie = context.cookies().get(cookieName);
    if (cookie == null || cookie.isEmpty()) {
      return new CallSession(null, false);
    }
    SessionCookieCodec.Decoded decoded;
    try {
      decoded = codec.decode(userId, cookie, clock.instant());
    } catch (RuntimeException e) { // a bad cookie must never fail the call
      decoded = SessionCookieCodec.Decoded.rejected("unreadable (" + e.getClass().getSimpleName() + ")");
    }
    if (decoded.rejection() != null) {
      log.debug("Session cookie ignored, request {}: {}", context.requestId(), decoded.rejection());
    }
    return new CallSession(decoded.values().orElse(null), true);
  }

  private String setCookie(String value, long maxAgeSeconds) {
    StringBuilder h = new StringBuilder(cookieName).append('=').append(value);
    h.append("; Path=").append(path).append("; Max-Age=").append(maxAgeSeconds).append("; HttpOnly");
    if (secure) {
      h.append("; Secure");
    }
    return h.append("; SameSite=").append(sameSite.attribute).toString();
  }

  private static JsonNode parse(String key, String json) {
    Objects.requireNonNull(json, "json");
    try {
      return SessionCookieCodec.PAYLOAD_JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Session value '" + key + "' is not valid JSON", e);
    }
  }

  private static String toJson(JsonNode value) {
    try {
      return SessionCookieCodec.PAYLOAD_JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a session value as JSON", e);
    }
  }

  /** One call's view of the caller's session; guarded by its own monitor for writes. */
  private static final class CallSession {
    volatile Map<String, JsonNode> values; // null: no session; never mutated once published
    final boolean cookieArrived;

    CallSession(Map<String, JsonNode> values, boolean cookieArrived) {
      this.values = values;
      this.cookieArrived = cookieArrived;
    }
  }

  public static final class Builder {
    private final CookieSessionKeys keys;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private SameSite sameSite = SameSite.LAX;
    private String path = "/";
    private boolean secure = true;
    private InstantSource clock = InstantSource.system();

    private Builder(CookieSessionKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Builder cookieName(String name) {
      if (name == null || !COOKIE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Not a valid cookie name: " + name);
      }
      this.cookieName = name;
      return this;
    }

    /** How long a session lives after its last write (sealed in the cookie and sent as Max-Age). */
    public Builder maxAge(Duration maxAge) {
      if (maxAge.toSeconds() < 1) {
        throw new IllegalArgumentException("maxAge must be at least one second, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    public Builder path(String path) {
      if (path == null || !COOKIE_PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("A cookie path must start with '/' and hold no ';', space or control character: " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * Drops the {@code Secure} flag so the cookie works over plain http://localhost. For development
     * only: without it, anyone on the network path can capture the cookie.
     */
    public Builder insecureDevelopmentCookies() {
      this.secure = false;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public EncryptedCookieSessionProvider build() {
      if (sameSite == SameSite.NONE && !secure) {
        throw new IllegalStateException("SameSite=None needs the Secure flag; browsers reject it otherwise");
      }
      return new EncryptedCookieSessionProvider(this);
    }
  }
}
