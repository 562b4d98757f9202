package dev.poto.runtime.auth;

import dev.poto.protocol.ProblemCodes;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets a bounded number of password checks run at once. A PBKDF2 check at 600,000 iterations keeps a
 * core busy for a good part of a second; without a bound, a flood of logins takes every core and
 * starves unrelated calls. A check that cannot start within the wait answers 503 at once.
 */
final class PasswordCheckGate {
  private final Semaphore permits;
  private final Duration wait;

  PasswordCheckGate(int concurrentChecks, Duration wait) {
    this.permits = new Semaphore(concurrentChecks, true);
    this.wait = wait;
  }

  <T> T check(Supplier<T> passwordCheck) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the call was cancelled: its caller gets no answer anyway
      acquired = false;
    }
    if (!acquired) {
      throw new RetryLaterException(503, ProblemCodes.SERVER_BUSY,
          "Too many logins are being checked right now; try again in a moment", Duration.ofSeconds(1));
    }
    try {
      return passwordCheck.get();
    } finally {
      permits.release();
    }
  }
}
