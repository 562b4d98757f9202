package dev.poto.protocol;

/** How an {@code @Rpc} method's result travels over the wire. */
public enum ResultKind {
  /** {@code void}: 204 No Content. */
  VOID,
  /** A JSON value: 200 with {@code application/json}. */
  VALUE,
  /** {@code java.util.stream.Stream<T>}: {@code text/event-stream}, one event per item. */
  STREAM,
  /** {@code java.util.Iterator<T>}: framed like {@link #STREAM}. */
  ITERATOR,
  /** {@code java.util.concurrent.Flow.Publisher<T>}: framed like {@link #STREAM}. */
  PUBLISHER,
  /** {@code byte[]}: {@code application/octet-stream}. */
  BYTES,
  /** {@code java.io.InputStream}: {@code application/octet-stream}, streamed without buffering. */
  INPUT_STREAM;

  public boolean isEventStream() {
    return this == STREAM || this == ITERATOR || this == PUBLISHER;
  }

  /** Whether values travel as JSON (the value itself, or each item of an event stream). */
  public boolean isJson() {
    return this == VALUE || isEventStream();
  }

  public boolean isBinary() {
    return this == BYTES || this == INPUT_STREAM;
  }
}
