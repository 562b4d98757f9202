package dev.poto.runtime;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Static access to the current call, for module code: {@code Poto.currentUser()}. The state lives in
 * the {@link CallScope}, bound by the runtime for the duration of each call.
 */
public final class Poto {
  private Poto() {}

  /** The current call's context; throws {@link IllegalStateException} outside a call. */
  public static RequestContext context() {
    return CallScope.current();
  }

  /** Whether this thread is running inside a call. */
  public static boolean inCall() {
    return CallScope.isBound();
  }

  /** The authenticated caller; a 401 {@link RpcException} when the call is anonymous. */
  public static PotoUser currentUser() {
    return context()
        .user()
        .orElseThrow(
            () -> new RpcException(401, ProblemCodes.UNAUTHENTICATED, "This needs a logged-in caller"));
  }

  /** The authenticated caller, or empty for an anonymous call to a {@code @Public} method. */
  public static Optional<PotoUser> findCurrentUser() {
    return context().user();
  }

  public static String requestId() {
    return context().requestId();
  }

  /** Whether the caller has gone away or the deadline has passed. */
  public static boolean isCancelled() {
    return context().cancellation().isCancelled();
  }

  /** Runs {@code cleanup} when the call is cancelled (at once if it already is). */
  public static void onCancel(Runnable cleanup) {
    context().cancellation().onCancel(cleanup);
  }

  /** Runs {@code task} with {@code context} bound: the runtime's entry point, and handy in tests. */
  public static <T> T callWith(RequestContext context, Callable<T> task) throws Exception {
    return CallScope.call(context, task);
  }

  /** Like {@link #callWith} for code that returns nothing. */
  public static void runWith(RequestContext context, Runnable task) {
    CallScope.run(context, task);
  }
}
