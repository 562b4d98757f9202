package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;
import dev.poto.protocol.ResultKind;
import dev.poto.runtime.stream.BinaryWriter;
import dev.poto.runtime.guard.CancelReasons;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code byte[]} and {@code InputStream} results: {@code application/octet-stream}, copied by
 * {@link BinaryWriter} without holding an InputStream's content in memory ({@code Content-Length}
 * for a byte array). The answer starts with its first byte, so a source that fails before any byte
 * still gets a problem answer; one that fails (or a deadline that passes) after bytes were sent
 * breaks the connection, because finishing the body would hand the caller a silently short file.
 */
final class BinaryResultWriter implements ResultWriter {
  private static final Logger log = LoggerFactory.getLogger(BinaryResultWriter.class);
  private static final byte[] EMPTY = new byte[0];

  @Override
  public void write(CallExchange exchange, Object result) throws Exception {
    if (result == null && exchange.method().resultKind() == ResultKind.BYTES) {
      result = EMPTY; // a null byte[] is an empty body
    }
    OptionalLong length = BinaryWriter.contentLength(result);
    if (length.isPresent()) {
      exchange.stopWatchingConnection(); // the caller may reuse the connection once the last byte is out
    }
    OutputStream body =
        exchange.lazyBody(
            200, Protocol.OCTET_STREAM,
            header -> length.ifPresent(n -> header.accept("Content-Length", Long.toString(n))));
    BinaryWriter writer = new BinaryWriter(exchange.runtime().streamMetrics());
    long written;
    try {
      written = writer.write(result, body, exchange.context().cancellation());
    } catch (BinaryWriter.SourceFailedException e) {
      if (!exchange.started()) {
        throw e; // nothing sent yet: the handler answers 500
      }
      log.error("Poto call {} failed while reading its InputStream after {} bytes; breaking the"
              + " connection [requestId={}]",
          exchange.method().path(), e.bytesWritten(), exchange.context().requestId(), e.getCause());
      exchange.abort(e);
      return;
    }
    if (written >= 0) {
      if (!exchange.started()) {
        exchange.begin(200, Protocol.OCTET_STREAM); // an empty InputStream
        exchange.http().header("Content-Length", "0");
      }
      return;
    }
    String reason = exchange.context().cancellation().reason();
    if (exchange.started() || CancelReasons.CLIENT_GONE.equals(reason)) {
      exchange.abort(new IOException("The call was cancelled (" + reason + ") while its body was sent"));
    }
    // Otherwise a deadline passed before the first byte: the handler answers 504.
  }
}
