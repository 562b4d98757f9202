package dev.poto.runtime;

import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.util.Optional;

/**
 * An optional base class for modules with the seed's helpers as instance methods. They only read the
 * current call's {@link RequestContext} (through {@link Poto}); a module keeps no request state.
 */
public abstract class PotoModule {

  /** The authenticated caller; a 401 when the call is anonymous. */
  protected PotoUser currentUser() {
    return Poto.currentUser();
  }

  /** The caller, or empty for an anonymous call to a {@code @Public} method. */
  protected Optional<PotoUser> findCurrentUser() {
    return Poto.findCurrentUser();
  }

  protected String requestId() {
    return Poto.requestId();
  }

  protected RequestContext context() {
    return Poto.context();
  }

  /** Whether the caller went away or the deadline passed; long loops should check it. */
  protected boolean isCancelled() {
    return Poto.isCancelled();
  }

  /** Runs {@code cleanup} when the call is cancelled. */
  protected void onCancel(Runnable cleanup) {
    Poto.onCancel(cleanup);
  }

  // Session helpers (session(), getSession(key, type), setSession(key, value), ...) are added here by
  // dev.poto.runtime.session.
}
