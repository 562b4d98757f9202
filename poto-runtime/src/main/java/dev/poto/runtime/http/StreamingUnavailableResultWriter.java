package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;

/**
 * PLACEHOLDER until dev.poto.runtime.stream provides the event-stream and InputStream writers:
 * answers 500 {@code internal_error} for STREAM, ITERATOR, PUBLISHER and INPUT_STREAM results.
 * Replace its uses in {@link ResultWriters#standard()}.
 */
final class StreamingUnavailableResultWriter implements ResultWriter {
  @Override
  public void write(CallExchange exchange, Object result) throws Exception {
    if (result instanceof AutoCloseable closeable) {
      closeable.close(); // release what the module opened for the stream
    }
    throw new RpcException(500, ProblemCodes.INTERNAL_ERROR, "streaming not available yet");
  }
}
