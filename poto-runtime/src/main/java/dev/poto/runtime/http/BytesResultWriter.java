package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;

/** {@code byte[]} results: raw {@code application/octet-stream} with a Content-Length. */
final class BytesResultWriter implements ResultWriter {
  @Override
  public void write(CallExchange exchange, Object result) {
    byte[] bytes = result == null ? new byte[0] : (byte[]) result;
    exchange.begin(200, Protocol.OCTET_STREAM);
    exchange.http().header("Content-Length", Integer.toString(bytes.length));
    exchange.http().result(bytes);
  }
}
