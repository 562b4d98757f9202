package dev.poto.runtime.http;

/** {@code void} methods: 204 No Content. */
final class VoidResultWriter implements ResultWriter {
  @Override
  public void write(CallExchange exchange, Object result) {
    exchange.begin(204, null);
  }
}
