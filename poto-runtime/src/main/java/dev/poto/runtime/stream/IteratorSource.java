package dev.poto.runtime.stream;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Iterator;

/** Pulls a {@code Stream} or {@code Iterator} on the writing thread, inside the caller's context. */
final class IteratorSource implements ItemSource {
  private final Iterator<?> iterator;
  private final AutoCloseable resource;
  private final ObjectWriter itemWriter;
  private boolean closed;

  IteratorSource(Iterator<?> iterator, AutoCloseable resource, ObjectWriter itemWriter) {
    this.iterator = iterator;
    this.resource = resource;
    this.itemWriter = itemWriter;
  }

  @Override
  public byte[] next() throws Exception {
    if (!iterator.hasNext()) {
      return null;
    }
    return itemWriter.writeValueAsBytes(iterator.next());
  }

  @Override
  public boolean knownIdle() {
    return false; // hasNext() may block or return at once: no way to know, so the flush timer decides
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
