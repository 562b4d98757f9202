package dev.poto.client;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Who a {@link PotoClient} (and every view made by {@link PotoClient#withOptions}) calls as: the last
 * login's result, swapped atomically so concurrent calls always see one whole login.
 */
final class Identity {
  /** A login and whether it was a visitor's (only visitors are re-logged in automatically). */
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
    relogin.lock();
    try {
      Current now = current;
      if (now == null || !now.visitor()) {
        return false; // logged out or logged in as a user meanwhile: not ours to renew
      }
      if (now != expired) {
        return true; // another call already renewed it
      }
      loginAsVisitor.get();
      return true;
    } finally {
      relogin.unlock();
    }
  }
}
