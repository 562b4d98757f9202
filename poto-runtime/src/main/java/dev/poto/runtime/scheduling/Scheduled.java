package dev.poto.runtime.scheduling;

/** A pending timer task or watch; cancelling it more than once is harmless. */
@FunctionalInterface
public interface Scheduled extends AutoCloseable {
  Scheduled NONE = () -> {};

  void cancel();

  /** Same as {@link #cancel()}, for try-with-resources. */
  @Override
  default void close() {
    cancel();
  }
}
