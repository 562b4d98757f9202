package dev.poto.runtime.context;

import dev.poto.runtime.PotoRuntime;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything request-scoped about one call. The runtime binds it in a {@link java.lang.ScopedValue}
 * for the whole call (streams included) and module code reads it through {@link dev.poto.runtime.Poto}.
 * Nothing request-scoped lives in module fields or ThreadLocals.
 */
public final class RequestContext {
  private final String requestId;
  private final PotoUser user;
  private final Map<String, String> requestHeaders;
  private final Map<String, String> cookies;
  private final ResponseHeaders responseHeaders = new ResponseHeaders();
  private final Cancellation cancellation = new Cancellation();
  private final Instant deadline;
  private final PotoRuntime runtime;

  /**
   * @param user the authenticated caller, or null for an anonymous call to a {@code @Public} method
   * @param requestHeaders request headers (first value of each); looked up case-insensitively
   * @param cookies request cookies by name
   * @param deadline when the caller stops waiting, or null for none
   */
  public RequestContext(
      String requestId,
      PotoUser user,
      Map<String, String> requestHeaders,
      Map<String, String> cookies,
      Instant deadline) {
    this(requestId, user, requestHeaders, cookies, deadline, null);
  }

  /**
   * Like the other constructor, for a call served by {@code runtime} (the server's settings: session
   * provider, mapper, stream heartbeat), which code inside the call reaches through {@link #runtime()}.
   */
  public RequestContext(
      String requestId,
      PotoUser user,
      Map<String, String> requestHeaders,
      Map<String, String> cookies,
      Instant deadline,
      PotoRuntime runtime) {
    this.runtime = runtime;
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.user = user;
    TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(requestHeaders);
    this.requestHeaders = Collections.unmodifiableMap(headers);
    this.cookies = Map.copyOf(cookies);
    this.deadline = deadline;
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

  public Map<String, String> requestHeaders() {
    return requestHeaders;
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

  /** The runtime serving this call; empty for a context built by hand (tests). */
  public Optional<PotoRuntime> runtime() {
    return Optional.ofNullable(runtime);
  }
}
