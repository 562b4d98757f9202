package dev.poto.runtime.context;

import java.util.concurrent.Callable;

/**
 * Where the current call's {@link RequestContext} is bound: one {@link ScopedValue}, so concurrent calls
 * never see each other's context and nothing outlives its call. The runtime binds it; module code reads
 * it through the {@code Poto} facade.
 */
public final class CallScope {
  private static final ScopedValue<RequestContext> CONTEXT = ScopedValue.newInstance();

  private CallScope() {}

  /** The current call's context; throws {@link IllegalStateException} outside a call. */
  public static RequestContext current() {
    if (!CONTEXT.isBound()) {
      throw new IllegalStateException(
          "No Poto call is in progress on this thread. Poto.context() and its helpers work only while"
              + " an @Rpc method runs (or inside Poto.callWith(...) in tests).");
    }
    return CONTEXT.get();
  }

  /** Whether this thread is running inside a call. */
  public static boolean isBound() {
    return CONTEXT.isBound();
  }

  /** Runs {@code task} with {@code context} bound. */
  public static <T> T call(RequestContext context, Callable<T> task) throws Exception {
    return ScopedValue.where(CONTEXT, context).call(task::call);
  }

  /** Runs {@code task} with {@code context} bound. */
  public static void run(RequestContext context, Runnable task) {
    ScopedValue.where(CONTEXT, context).run(task);
  }
}
