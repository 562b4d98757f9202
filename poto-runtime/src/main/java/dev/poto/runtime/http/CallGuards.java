package dev.poto.runtime.http;

import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.CallWatchdog;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.guard.DisconnectWatcher;
import dev.poto.runtime.lifecycle.CallRegistry;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.upload.UploadBody;

/**
 * What watches one call while it runs, whichever thread runs it: the {@link DisconnectWatcher} (armed
 * by the {@link CallWatchdog} if the call is still running after a tick), the deadline, and the call's
 * place in the {@link CallRegistry} (last: a stream arriving while the runtime drains is cancelled with
 * every other guard in place). Closed when the call's answer is done: by the handler for most calls,
 * by the stream's own thread for a {@link DetachedStream}.
 */
final class CallGuards implements AutoCloseable {
  private DisconnectWatcher watcher; // null once released
  private CallWatchdog.Registration watch; // null once released (it arms the watcher)
  private final Scheduled deadline;
  private final CallRegistry.ActiveCall active;

  private CallGuards(
      DisconnectWatcher watcher, CallWatchdog.Registration watch, Scheduled deadline, CallRegistry.ActiveCall active) {
    this.watcher = watcher;
    this.watch = watch;
    this.deadline = deadline;
    this.active = active;
  }

  /** Arms every guard of {@code exchange}'s call; the watcher waits for an upload to be read. */
  static CallGuards arm(CallExchange exchange, UploadBody upload, DeadlineScheduler deadlines, PotoRuntime runtime) {
    RequestContext context = exchange.context();
    Cancellation cancellation = context.cancellation();
    DisconnectWatcher watcher = DisconnectWatcher.prepare(
        exchange.http(), exchange.jettyRequest(), () -> cancellation.cancel(CancelReasons.CLIENT_GONE));
    CallWatchdog.Registration watch = null;
    Scheduled deadline = null;
    try {
      // Watched only if still running after a watchdog tick: quick calls skip the selector wake-ups.
      watch = runtime.callWatchdog().armLater(() -> {
        if (upload == null || upload.ended()) {
          watcher.arm();
        }
      });
      deadline = deadlines.arm(context);
      CallRegistry.ActiveCall active = runtime.calls().enter(cancellation, exchange.method().resultKind().isEventStream());
      return new CallGuards(watcher, watch, deadline, active);
    } catch (RuntimeException | Error e) {
      if (deadline != null) {
        deadline.close();
      }
      if (watch != null) {
        watch.close();
      }
      watcher.close();
      throw e;
    }
  }

  DisconnectWatcher watcher() {
    return watcher;
  }

  /**
   * Stops the disconnect watcher early and lets go of it (and of the request it watches): for a stream
   * whose connection is taken over, which watches the caller itself from then on.
   */
  void releaseWatcher() {
    CallWatchdog.Registration releasedWatch = watch;
    DisconnectWatcher released = watcher;
    watch = null;
    watcher = null;
    try {
      if (releasedWatch != null) {
        releasedWatch.close();
      }
    } finally {
      if (released != null) {
        released.close();
      }
    }
  }

  /** Releases the guards in the reverse order of arming; the watcher last, before the answer completes. */
  @Override
  public void close() {
    try {
      active.close();
    } finally {
      try {
        deadline.close();
      } finally {
        try {
          if (watch != null) {
            watch.close();
          }
        } finally {
          if (watcher != null) {
            watcher.close();
          }
        }
      }
    }
  }
}
