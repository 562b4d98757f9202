package dev.poto.runtime.context;

import dev.poto.runtime.session.SessionProvider;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Everything request-scoped about one call. The runtime binds it in a {@link java.lang.ScopedValue}
 * for the whole call (streams included) and module code reads it through {@link dev.poto.runtime.Poto}.
 * Nothing request-scoped lives in module fields or ThreadLocals.
 */
public final class RequestContext {
  private final String requestId;
  private final PotoUser user;
  private final RequestHeaders requestHeaders;
  private final Map<String, String> cookies;
  private final ResponseHeaders responseHeaders = new ResponseHeaders();
  private final Cancellation cancellation = new Cancellation();
  private final Instant deadline;
  private final SessionProvider sessionProvider;
  private volatile Map<Object, Object> callState; // created on first use: most calls never need it

  /** A context without a session provider: session helpers fail in it. */
  public RequestContext(
      String requestId,
      PotoUser user,
      Map<String, String> requestHeaders,
      Map<String, String> cookies,
      Instant deadline) {
    this(requestId, user, RequestHeaders.copyOf(requestHeaders), cookies, deadline, null);
  }

  /** A context for a call the runtime serves, with headers already captured and its session store. */
  public RequestContext(
      String requestId,
      PotoUser user,
      RequestHeaders requestHeaders,
      Map<String, String> cookies,
      Instant deadline,
      SessionProvider sessionProvider) {
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.user = user;
    this.requestHeaders = Objects.requireNonNull(requestHeaders, "requestHeaders");
    this.cookies = Map.copyOf(cookies);
    this.deadline = deadline;
    this.sessionProvider = sessionProvider;
  }

  /** A hand-built context with a session store (tests of module code). */
  public RequestContext(
      String requestId,
      PotoUser user,
      Map<String, String> requestHeaders,
      Map<String, String> cookies,
      Instant deadline,
      SessionProvider sessionProvider) {
    this(requestId, user, RequestHeaders.copyOf(requestHeaders), cookies, deadline, sessionProvider);
  }

  public String requestId() {
    return requestId;
  }

  public Optional<PotoUser> user() {
    return Optional.ofNullable(user);
  }

  /** The named request header (case-insensitive), or null. */
  public String header(String name) {
    return requestHeaders.get(name);
  }

  /** Every request header, first value of each, keyed case-insensitively. */
  public Map<String, String> requestHeaders() {
    return requestHeaders.asMap();
  }

  public Map<String, String> cookies() {
    return cookies;
  }

  public ResponseHeaders responseHeaders() {
    return responseHeaders;
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The server's session store for this call, if the server installed one. */
  public Optional<SessionProvider> sessionProvider() {
    return Optional.ofNullable(sessionProvider);
  }

  /**
   * State that a runtime component keeps for this call only (for example the cookie session
   * provider's working copy of the session), created on first use. {@code owner} is the component
   * instance, so two servers in one JVM never share state.
   */
  public <T> T callState(Object owner, Class<T> type, Supplier<? extends T> create) {
    Map<Object, Object> state = callState;
    if (state == null) {
      synchronized (this) {
        state = callState;
        if (state == null) {
          state = new ConcurrentHashMap<>();
          callState = state;
        }
      }
    }
    return type.cast(state.computeIfAbsent(owner, o -> create.get()));
  }
}
