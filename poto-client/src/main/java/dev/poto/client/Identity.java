package dev.poto.client;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Who a {@link PotoClient} (and every view made by {@link PotoClient#withOptions}) calls as: the last
 * login's result, swapped atomically so concurrent calls always see one whole login.
 */
final class Identity {
  /** A login and whether it was a visitor's (visitors are logged in again, named logins refreshed). */
  record Current(LoginResult login, boolean visitor) {}

  private volatile Current current;
  private final ReentrantLock relogin = new ReentrantLock();

  Current current() {
    return current;
  }

  void set(LoginResult login, boolean visitor) {
    current = new Current(login, visitor);
  }

  void clear() {
    current = null;
  }

  /**
   * Replaces the visitor login {@code expired} with a fresh one, once however many calls saw it
   * expire at the same time: the first caller logs in, the others find the new login already there.
   *
   * @return true when a visitor login newer than {@code expired} is now current
   */
  boolean renewVisitor(Current expired, Supplier<LoginResult> loginAsVisitor) {
    return renew(expired, true, loginAsVisitor);
  }

  /**
   * Replaces the named login {@code expired} by the result of its refresh token, once however many
   * calls saw it expire at the same time (a second use of one refresh token would revoke the login).
   *
   * @return true when a login newer than {@code expired} is now current
   */
  boolean refreshLogin(Current expired, Supplier<LoginResult> refresh) {
    return renew(expired, false, refresh);
  }

  private boolean renew(Current expired, boolean visitor, Supplier<LoginResult> renewal) {
    relogin.lock();
    try {
      Current now = current;
      if (now == null || now.visitor() != visitor) {
        return false; // logged out or logged in otherwise meanwhile: not ours to renew
      }
      if (now != expired) {
        return true; // another call already renewed it
      }
      renewal.get();
      return true;
    } finally {
      relogin.unlock();
    }
  }
}
