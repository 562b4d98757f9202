package dev.poto.client;

import dev.poto.protocol.Protocol;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Extra headers for every call of a {@link PotoClient} ({@link PotoClient.Builder#headers}), added on
 * the thread that makes the call, right before it is sent: the place for context such as the W3C
 * trace context ({@link dev.poto.client.tracing.TraceContextHeaders}).
 */
@FunctionalInterface
public interface CallHeaders {
  /** Headers the protocol sets itself; adding one of them is an {@link IllegalArgumentException}. */
  Set<String> RESERVED = Set.of(
      Protocol.AUTHORIZATION.toLowerCase(Locale.ROOT), Protocol.TIMEOUT_HEADER.toLowerCase(Locale.ROOT),
      Protocol.REQUEST_ID_HEADER.toLowerCase(Locale.ROOT), Protocol.ARGS_HEADER.toLowerCase(Locale.ROOT),
      Protocol.UPLOAD_NAME_HEADER.toLowerCase(Locale.ROOT), "content-type", "accept", "content-length",
      "host", "connection", "cookie");

  /** Adds this call's headers through {@code header} (name, value). */
  void addTo(BiConsumer<String, String> header);

  /** Rejects a header the protocol sets itself. */
  static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A call header needs a name");
    }
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("The call header " + name + " is set by the Poto client itself;"
          + " use CallOptions or login(...) for it");
    }
  }
}
