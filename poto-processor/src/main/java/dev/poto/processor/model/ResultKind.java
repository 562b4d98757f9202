package dev.poto.processor.model;

/**
 * How a method's result travels; mirrors {@code dev.poto.protocol.ResultKind} constant for constant
 * (the processor does not depend on the client library, generated code names the real enum).
 */
public enum ResultKind {
  VOID,
  VALUE,
  STREAM,
  ITERATOR,
  PUBLISHER,
  BYTES,
  INPUT_STREAM;

  /** Results delivered item by item as server-sent events. */
  public boolean isEventStream() {
    return this == STREAM || this == ITERATOR || this == PUBLISHER;
  }
}
