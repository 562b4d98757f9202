package dev.poto.runtime.observability;


/**
 * Sees every request under the prefix, on the request's own thread: the access log, metrics and
 * tracing are observers ({@code config.observe(...)}). {@link #begin} runs when the request arrives,
 * the returned observation's {@link Observation#end} when its answer is done (for a stream: when the
 * stream ended or was cancelled). A direct stream is written by a thread of its own after the
 * request's handler has returned: its observation is {@linkplain Observation#handOff handed off} to
 * that thread, and ends there. Observers must not throw.
 */
public interface CallObserver {
  /** Once, when the runtime is built: e.g. to register gauges over its counters. */
  default void bind(RuntimeState runtime) {}

  Observation begin(CallRecord call);

  /**
   * A session store operation a call made ({@code get}, {@code put}, {@code update}, {@code remove},
   * {@code delete}, {@code exists}) and its outcome: {@code ok}, {@code unavailable} (the store cannot
   * be reached), {@code conflict} or {@code error}. On the call's thread; must not throw.
   */
  default void sessionOperation(String operation, String outcome, java.time.Duration duration) {}

  /** One request's observation. */
  @FunctionalInterface
  interface Observation {
    Observation NONE = call -> {};

    /** The answer is done; {@code call} is finished (status, code, duration, bytes). */
    void end(CallRecord call);

    /**
     * The call goes on on another thread (a direct stream, written after its handler returned).
     * Runs on the handler's thread: lets go of what this observation bound to it (a trace scope) and
     * returns how to take it up again; {@link HandOff#resume} runs on the new thread, and
     * {@link #end} of what it returns runs there too. By default nothing is bound to a thread.
     */
    default HandOff handOff() {
      return () -> this;
    }
  }

  /** An observation between the thread it began on and the one it goes on on. */
  @FunctionalInterface
  interface HandOff {
    /** On the new thread: binds what the observation needs there and returns it. */
    Observation resume();
  }
}
