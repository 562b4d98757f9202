package dev.poto.runtime;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Static access to the current call, for module code: {@code Poto.currentUser()}. The state lives in
 * a {@link ScopedValue} bound by the runtime for the duration of each call, so concurrent calls never
 * see each other's context and nothing outlives its call.
 */
public final class Poto {
  private Poto() {}

  private static final ScopedValue<RequestContext> CONTEXT = ScopedValue.newInstance();

  /** The current call's context; throws {@link IllegalStateException} outside a call. */
  public static RequestContext context() {
    if (!CONTEXT.isBound()) {
      throw new IllegalStateException(
          "No Poto call is in progress on this thread. Poto.context() and its helpers work only while"
              + " an @Rpc method runs (or inside Poto.callWith(...) in tests).");
    }
    return CONTEXT.get();
  }

  /** Whether this thread is running inside a call. */
  public static boolean inCall() {
    return CONTEXT.isBound();
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
    return ScopedValue.where(CONTEXT, context).call(task::call);
  }

  /** Like {@link #callWith} for code that returns nothing. */
  public static void runWith(RequestContext context, Runnable task) {
    ScopedValue.where(CONTEXT, context).run(task);
  }
}
