package dev.poto.runtime.stream;

import dev.poto.runtime.context.Cancellation;
import java.io.IOException;
import java.util.Spliterator;

/**
 * Pulls a {@code Stream} or {@code Iterator} on the writing thread, inside the caller's context.
 *
 * <p>Items are pushed through {@code forEachRemaining} rather than pulled one {@code hasNext}/
 * {@code next} at a time: a stream pipeline then runs its stages straight into the writer, without
 * the buffer and adapter that {@code Stream.iterator()} puts between them. It still runs on this
 * thread, one item at a time, each encoded before the next is produced; the call's cancellation is
 * checked before every item and stops the pipeline.
 */
final class IteratorSource implements ItemSource {
  private final Spliterator<?> items;
  private final AutoCloseable resource;
  private final ItemEncoder encoder;
  private boolean closed;

  /** Thrown through the producer's pipeline to stop it when the call is cancelled. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  /** Carries an item's encoding failure out of the pipeline, to be rethrown as it was. */
  private static final class EncodingFailed extends RuntimeException {
    EncodingFailed(IOException cause) {
      super(cause);
    }
  }

  IteratorSource(Spliterator<?> items, AutoCloseable resource, ItemEncoder encoder) {
    this.items = items;
    this.resource = resource;
    this.encoder = encoder;
  }

  @Override
  public boolean writeItems(EventStreamOutput output, Cancellation cancellation) throws Exception {
    if (cancellation.isCancelled()) {
      return false;
    }
    try {
      items.forEachRemaining(item -> {
        if (cancellation.isCancelled()) {
          throw new Stop();
        }
        try {
          // Encoded before the producer can touch the item again. The producer may block or answer
          // at once: no way to know, so the output's flush policy decides.
          encoder.encodeInto(item, output, false);
        } catch (IOException e) {
          throw new EncodingFailed(e);
        }
      });
    } catch (Stop stop) {
      return false;
    } catch (EncodingFailed e) {
      throw (IOException) e.getCause(); // the stream fails with the encoder's own error
    }
    return !cancellation.isCancelled();
  }

  @Override
  public void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    if (resource != null) {
      resource.close();
    }
  }

  @Override
  public void cancel() {
    // The worker interrupt wakes a blocked producer; the writer then closes the source on its own
    // thread, where the caller's context (and so Poto.context() in onClose handlers) is bound.
  }
}
