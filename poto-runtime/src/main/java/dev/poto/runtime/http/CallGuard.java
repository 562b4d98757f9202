package dev.poto.runtime.http;

/**
 * Lets a cancellation interrupt the thread running module code, but only while it does: an interrupt
 * must never leak into the runtime's own code or into whatever the thread runs next.
 */
final class CallGuard {
  private final Thread thread;
  private boolean invoking;
  private boolean interrupted;

  CallGuard(Thread thread) {
    this.thread = thread;
  }

  synchronized void enter() {
    invoking = true;
  }

  /** Leaves module code and clears an interrupt this guard delivered. */
  void exit() {
    boolean clear;
    synchronized (this) {
      invoking = false;
      clear = interrupted;
    }
    if (clear) {
      Thread.interrupted();
    }
  }

  synchronized void interrupt() {
    if (invoking) {
      interrupted = true;
      thread.interrupt();
    }
  }
}
