package dev.poto.runtime.stream;

import dev.poto.runtime.context.Cancellation;
import java.util.Iterator;
import java.util.Spliterators;
import java.util.stream.Stream;

/**
 * A pulled stream result seen as a sequence of already-encoded items. Each item is encoded to JSON as soon
 * as it is produced, so a producer may reuse one mutable object for every item.
 */
interface ItemSource {

  /**
   * Writes every item's event to {@code output} as it is produced, until the source ends (true) or
   * the call is cancelled (false). The call's cancellation is checked before each item.
   */
  boolean writeItems(EventStreamOutput output, Cancellation cancellation) throws Exception;

  /** Releases the source: closes the stream or iterator, or cancels the subscription. Idempotent. */
  void close() throws Exception;

  /** Called from any thread when the call is cancelled; wakes a source that waits for its producer. */
  void cancel();

  /** The pulled source of a {@code Stream} or {@code Iterator} result (a publisher pushes: {@link PublisherSource}). */
  static ItemSource of(Object result, ItemEncoder encoder) {
    return switch (result) {
      case Stream<?> stream -> new IteratorSource(stream.spliterator(), stream, encoder);
      case Iterator<?> iterator -> new IteratorSource(Spliterators.spliteratorUnknownSize(iterator, 0),
          iterator instanceof AutoCloseable c ? c : null, encoder);
      case null -> throw new IllegalStateException("The @Rpc method returned null instead of a stream");
      default ->
          throw new IllegalArgumentException(
              "Not a stream result: " + result.getClass().getName()
                  + " (expected java.util.stream.Stream, java.util.Iterator or java.util.concurrent.Flow.Publisher)");
    };
  }
}
