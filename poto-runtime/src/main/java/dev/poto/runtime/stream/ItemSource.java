package dev.poto.runtime.stream;

import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * A stream result seen as a sequence of already-encoded items. Each item is encoded to JSON as soon
 * as it is produced, so a producer may reuse one mutable object for every item.
 */
interface ItemSource {

  /**
   * Waits for the next item and writes its event to {@code output}, or returns false after the last
   * one. The item's frame is flushed at once when the source knows that no further item is ready;
   * otherwise the output's flush policy decides.
   */
  boolean writeNext(EventStreamOutput output) throws Exception;

  /** Releases the source: closes the stream or iterator, or cancels the subscription. Idempotent. */
  void close() throws Exception;

  /** Called from any thread when the call is cancelled; wakes a source that waits for its producer. */
  void cancel();

  static ItemSource of(Object result, ItemEncoder itemWriter, int publisherBatch) {
    return switch (result) {
      case Stream<?> stream -> new IteratorSource(stream.iterator(), stream, itemWriter);
      case Iterator<?> iterator ->
          new IteratorSource(iterator, iterator instanceof AutoCloseable c ? c : null, itemWriter);
      case Flow.Publisher<?> publisher -> new PublisherSource(publisher, itemWriter, publisherBatch);
      case null -> throw new IllegalStateException("The @Rpc method returned null instead of a stream");
      default ->
          throw new IllegalArgumentException(
              "Not a stream result: " + result.getClass().getName()
                  + " (expected java.util.stream.Stream, java.util.Iterator or java.util.concurrent.Flow.Publisher)");
    };
  }
}
