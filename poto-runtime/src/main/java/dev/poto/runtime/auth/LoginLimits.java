package dev.poto.runtime.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@code _auth/login} and {@code _auth/visitor} are to abuse. Set through
 * {@code config.loginLimits(limits -> limits.perUser(5, Duration.ofMinutes(15)))}; every setting has a
 * safe default.
 *
 * <ul>
 *   <li>Failed logins are counted per user name and per client address in a sliding window; once either
 *       count reaches its limit, logins for that name (or from that address) answer {@code 429
 *       too_many_requests} with {@code Retry-After}, without checking the password, until the window
 *       has room again. A successful login is not counted. The answer is the same whether the user
 *       exists or not.
 *   <li>Visitor tokens are counted per client address the same way.
 *   <li>At most {@link #concurrentPasswordChecks} password checks run at once; a login that cannot
 *       start one within {@link #passwordCheckWait} answers {@code 503 server_busy} with
 *       {@code Retry-After: 1}, so a flood of logins cannot take the cores every other call needs.
 * </ul>
 *
 * The client address is Javalin's {@code ctx.ip()}: behind a proxy, configure Javalin's
 * {@code contextResolver.ip} to read the forwarded address, or every caller shares the proxy's.
 * The counts live in the {@link #store}: by default the session provider's when it is an
 * {@link AttemptStore} (the Redis one is, so the limits hold across nodes), in memory otherwise; while
 * a shared store cannot be reached, each node counts on its own.
 */
public final class LoginLimits {
  public static final int DEFAULT_FAILURES_PER_USER = 10;
  public static final int DEFAULT_FAILURES_PER_ADDRESS = 100;
  public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(15);
  public static final int DEFAULT_VISITORS_PER_ADDRESS = 300;
  public static final Duration DEFAULT_VISITOR_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_PASSWORD_CHECK_WAIT = Duration.ofSeconds(1);

  /** Half the cores (at least one): the other half keeps serving calls during a login flood. */
  public static int defaultConcurrentPasswordChecks() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** A limit and the sliding window it counts in. */
  public record Window(int limit, Duration length) {
    public Window {
      if (limit < 1) {
        throw new IllegalArgumentException("A limit must be at least 1, was " + limit);
      }
      Objects.requireNonNull(length, "length");
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("A window must be positive, was " + length);
      }
    }
  }

  private Window perUser = new Window(DEFAULT_FAILURES_PER_USER, DEFAULT_FAILURE_WINDOW);
  private Window perAddress = new Window(DEFAULT_FAILURES_PER_ADDRESS, DEFAULT_FAILURE_WINDOW);
  private Window visitorsPerAddress = new Window(DEFAULT_VISITORS_PER_ADDRESS, DEFAULT_VISITOR_WINDOW);
  private int concurrentPasswordChecks = defaultConcurrentPasswordChecks();
  private Duration passwordCheckWait = DEFAULT_PASSWORD_CHECK_WAIT;
  private AttemptStore store;

  /** Failed logins per user name within {@code window}; default 10 in 15 minutes. */
  public LoginLimits perUser(int failures, Duration window) {
    this.perUser = new Window(failures, window);
    return this;
  }

  /** Failed logins per client address within {@code window}; default 100 in 15 minutes. */
  public LoginLimits perAddress(int failures, Duration window) {
    this.perAddress = new Window(failures, window);
    return this;
  }

  /** Visitor tokens per client address within {@code window}; default 300 a minute. */
  public LoginLimits visitorsPerAddress(int visitors, Duration window) {
    this.visitorsPerAddress = new Window(visitors, window);
    return this;
  }

  /** How many password checks may run at once; default half the cores, at least one. */
  public LoginLimits concurrentPasswordChecks(int checks) {
    if (checks < 1) {
      throw new IllegalArgumentException("concurrentPasswordChecks must be at least 1, was " + checks);
    }
    this.concurrentPasswordChecks = checks;
    return this;
  }

  /** How long a login waits for a password check to start before answering 503; default 1 s. */
  public LoginLimits passwordCheckWait(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("passwordCheckWait must not be negative, was " + wait);
    }
    this.passwordCheckWait = wait;
    return this;
  }

  /** Where the counts live; default the session provider when it is an AttemptStore, else memory. */
  public LoginLimits store(AttemptStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  public Window perUser() {
    return perUser;
  }

  public Window perAddress() {
    return perAddress;
  }

  public Window visitorsPerAddress() {
    return visitorsPerAddress;
  }

  public int concurrentPasswordChecks() {
    return concurrentPasswordChecks;
  }

  public Duration passwordCheckWait() {
    return passwordCheckWait;
  }

  /** The configured store, or null for the default. */
  public AttemptStore store() {
    return store;
  }

  /** A copy, so later changes to the config do not reach a running server. */
  public LoginLimits copy() {
    LoginLimits copy = new LoginLimits();
    copy.perUser = perUser;
    copy.perAddress = perAddress;
    copy.visitorsPerAddress = visitorsPerAddress;
    copy.concurrentPasswordChecks = concurrentPasswordChecks;
    copy.passwordCheckWait = passwordCheckWait;
    copy.store = store;
    return copy;
  }
}
