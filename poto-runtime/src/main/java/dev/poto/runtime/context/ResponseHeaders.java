package dev.poto.runtime.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Headers module code (or a session provider) asks to add to the call's answer. They are applied
 * when the answer starts; after that, {@link #add} fails, because the headers are already on the wire.
 */
public final class ResponseHeaders {
  private final List<Map.Entry<String, String>> headers = new ArrayList<>();
  private boolean committed;

  public synchronized void add(String name, String value) {
    if (committed) {
      throw new IllegalStateException(
          "The answer has already started, so header '" + name + "' can no longer be added"
              + " (set headers and session values before a stream produces its first item)");
    }
    headers.add(Map.entry(name, value));
  }

  /** Replaces any header of that name (case-insensitive) added before. */
  public synchronized void set(String name, String value) {
    headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
    add(name, value);
  }

  /**
   * Replaces the {@code Set-Cookie} header for cookie {@code cookieName} added before, leaving other
   * cookies alone, so a value written several times in one call goes out once, as last written.
   */
  public synchronized void setCookie(String cookieName, String setCookieValue) {
    String prefix = cookieName + "=";
    if (!setCookieValue.startsWith(prefix)) {
      throw new IllegalArgumentException("A Set-Cookie value for '" + cookieName + "' must start with '" + prefix + "'");
    }
    if (committed) {
      add("Set-Cookie", setCookieValue); // throws the explanation
    }
    headers.removeIf(h -> h.getKey().equalsIgnoreCase("Set-Cookie") && h.getValue().startsWith(prefix));
    add("Set-Cookie", setCookieValue);
  }

  public synchronized boolean isCommitted() {
    return committed;
  }

  /** Called by the runtime when it starts the answer: hands every header over, then refuses more. */
  public synchronized void commit(BiConsumer<String, String> sink) {
    committed = true;
    headers.forEach(h -> sink.accept(h.getKey(), h.getValue()));
  }
}
