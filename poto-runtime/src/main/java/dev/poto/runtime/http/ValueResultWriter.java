package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;

/**
 * JSON values: encoded to bytes first, so an encoding failure still becomes a clean 500 problem
 * rather than a half-written 200.
 */
final class ValueResultWriter implements ResultWriter {
  @Override
  public void write(CallExchange exchange, Object result) throws Exception {
    byte[] json = exchange.resultWriter().writeValueAsBytes(result);
    exchange.begin(200, Protocol.JSON);
    exchange.writeBody(json);
  }
}
