package dev.poto.runtime.guard;

import dev.poto.runtime.context.Cancellation;

/**
 * Interrupts the thread running a call when the call is cancelled, so that module code blocked in
 * I/O, a queue or a sleep wakes up. Interrupts only while the call runs: after {@link #close()} the
 * (pooled) thread may serve another request and must never be interrupted on this call's behalf.
 *
 * <pre>{@code
 * try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(ctx.cancellation())) {
 *   ... invoke the module method and write its result ...
 * }
 * }</pre>
 */
public final class WorkerInterrupter implements AutoCloseable {
  /** Null once closed: the binding stays registered with the call, but keeps no ended thread reachable. */
  private Thread worker;
  private boolean interrupted;

  private WorkerInterrupter(Thread worker) {
    this.worker = worker;
  }

  /** Binds {@code cancellation} to the calling thread until {@link #close()}. */
  public static WorkerInterrupter forCurrentThread(Cancellation cancellation) {
    WorkerInterrupter interrupter = new WorkerInterrupter(Thread.currentThread());
    // After the module's own onCancel handlers: code woken by the interrupt finds them already run.
    cancellation.onCancelAfterHandlers(interrupter::interruptWorker);
    return interrupter;
  }

  /**
   * Binds {@code cancellation} to the threads that will run the call one after another (the bursts of
   * a pushed stream, see {@code EventStreamWriter}): each calls {@link #enter()} when it starts and
   * {@link #close()} when it stops. Registered with the call once, however many threads come.
   */
  public static WorkerInterrupter forThreadsToCome(Cancellation cancellation) {
    WorkerInterrupter interrupter = new WorkerInterrupter(null);
    cancellation.onCancelAfterHandlers(interrupter::interruptWorker);
    return interrupter;
  }

  /** The current thread runs the call from now until {@link #close()}. */
  public synchronized void enter() {
    worker = Thread.currentThread();
    interrupted = false;
  }

  /** Interrupts the worker unless the call has already ended. */
  public synchronized void interruptWorker() {
    if (worker != null) {
      interrupted = true;
      worker.interrupt();
    }
  }

  /**
   * Ends the binding (until the next {@link #enter()}). Called on the worker thread when the call ends;
   * clears an interrupt this binding delivered so it cannot leak into the thread's next task.
   */
  @Override
  public void close() {
    boolean clear;
    Thread boundTo;
    synchronized (this) {
      boundTo = worker;
      worker = null;
      clear = interrupted;
    }
    if (clear && Thread.currentThread() == boundTo) {
      Thread.interrupted();
    }
  }
}
