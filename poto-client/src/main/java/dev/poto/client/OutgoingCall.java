package dev.poto.client;

import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One HTTP request of a {@link PotoClient} as {@link CallInterceptor}s see it: what it calls and its
 * headers, the protocol's own included. Interceptors may set headers, {@code Authorization} among them;
 * the body's framing headers are the client's alone.
 */
public final class OutgoingCall {
  /** Headers that describe the body or the connection: the client sets them, no interceptor may. */
  private static final Set<String> FRAMING = Set.of("content-type", "accept", "content-length", "host", "connection");

  private final String procedure;
  private final URI uri;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  OutgoingCall(String procedure, URI uri) {
    this.procedure = procedure;
    this.uri = uri;
  }

  /** {@code module.method} for a call; the client's own requests name their path, e.g. {@code _auth/visitor}. */
  public String procedure() {
    return procedure;
  }

  public URI uri() {
    return uri;
  }

  /** The headers so far (names compared without case); read-only, change them with {@link #header}. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }

  /** Sets a header, replacing any value it had. */
  public OutgoingCall header(String name, String value) {
    Objects.requireNonNull(value, () -> "value of header " + name);
    if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
      throw new IllegalArgumentException("Not a header name: " + name);
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("The value of header " + name + " has a line break");
    }
    if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("The header " + name + " is set by the Poto client itself");
    }
    headers.put(name, value);
    return this;
  }

  /** For the client's own headers, which interceptors may not set. */
  void put(String name, String value) {
    headers.put(name, value);
  }
}
