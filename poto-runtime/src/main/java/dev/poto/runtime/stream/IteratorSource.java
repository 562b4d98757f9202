package dev.poto.runtime.stream;

import java.util.Iterator;

/** Pulls a {@code Stream} or {@code Iterator} on the writing thread, inside the caller's context. */
final class IteratorSource implements ItemSource {
  private final Iterator<?> iterator;
  private final AutoCloseable resource;
  private final ItemEncoder encoder;
  private boolean closed;

  IteratorSource(Iterator<?> iterator, AutoCloseable resource, ItemEncoder encoder) {
    this.iterator = iterator;
    this.resource = resource;
    this.encoder = encoder;
  }

  @Override
  public boolean writeNext(EventStreamOutput output) throws Exception {
    if (!iterator.hasNext()) {
      return false;
    }
    int length = encoder.encode(iterator.next()); // encoded before the producer can touch the item again
    // hasNext() may block or return at once: no way to know, so the output's flush policy decides.
    output.item(encoder.bytes(), length, false);
    return true;
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
