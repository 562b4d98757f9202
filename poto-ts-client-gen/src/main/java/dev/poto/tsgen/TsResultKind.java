package dev.poto.tsgen;

/** How a method's result reaches the TS client; the processor derives it from the Java return type. */
public enum TsResultKind {
  /** A JSON value: {@code Promise<T>}. */
  VALUE,
  /** {@code void}: {@code Promise<void>} (204 on the wire). */
  VOID,
  /** Stream, Iterator or Publisher of T: {@code AsyncIterable<T>} over server-sent events. */
  STREAM,
  /** {@code byte[]}: {@code Promise<Uint8Array>} from an octet-stream answer. */
  BYTES,
  /** {@code InputStream}: {@code Promise<ReadableStream<Uint8Array>>}. */
  BINARY_STREAM
}
