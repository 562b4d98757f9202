package dev.poto.runtime.context;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cancellation state of one call. Cancelled when the caller goes away or the deadline passes;
 * registered handlers run once, in registration order, on the thread that cancels, and then the
 * runtime's final reaction (interrupting the call's thread) runs: module code woken by the interrupt
 * finds its own handlers already run. A handler registered after cancellation runs at once.
 */
public final class Cancellation {
  private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

  private final List<Runnable> handlers = new ArrayList<>();
  private final List<Runnable> finalHandlers = new ArrayList<>();
  private volatile boolean cancelled;
  private String reason;

  public boolean isCancelled() {
    return cancelled;
  }

  /** Why the call was cancelled ("client_gone", "deadline_exceeded"), or null while it is not. */
  public synchronized String reason() {
    return reason;
  }

  public void onCancel(Runnable handler) {
    synchronized (this) {
      if (!cancelled) {
        handlers.add(handler);
        return;
      }
    }
    runQuietly(handler);
  }

  /**
   * Like {@link #onCancel}, but runs after every {@code onCancel} handler, whenever they were
   * registered: for the runtime's interrupt of the call's thread.
   */
  public void onCancelAfterHandlers(Runnable handler) {
    synchronized (this) {
      if (!cancelled) {
        finalHandlers.add(handler);
        return;
      }
    }
    runQuietly(handler);
  }

  /** Marks the call cancelled and runs the handlers, then the final ones; later calls do nothing. */
  public void cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      reason = why;
      cancelled = true;
      toRun = new ArrayList<>(handlers);
      toRun.addAll(finalHandlers);
      handlers.clear();
      finalHandlers.clear();
    }
    toRun.forEach(Cancellation::runQuietly);
  }

  private static void runQuietly(Runnable handler) {
    try {
      handler.run();
    } catch (RuntimeException e) {
      log.warn("A cancellation handler failed", e);
    }
  }
}
