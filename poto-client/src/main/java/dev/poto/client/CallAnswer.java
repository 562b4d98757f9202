package dev.poto.client;

import dev.poto.protocol.Protocol;
import java.net.http.HttpHeaders;

/**
 * What a {@link CallInterceptor} sees of an answer: its status and headers, whether it is a success or
 * an error (the body is the call's to read).
 */
public record CallAnswer(int status, HttpHeaders headers) {
  /** The server's {@code Poto-Request-Id}, or null. */
  public String requestId() {
    return headers.firstValue(Protocol.REQUEST_ID_HEADER).orElse(null);
  }
}
