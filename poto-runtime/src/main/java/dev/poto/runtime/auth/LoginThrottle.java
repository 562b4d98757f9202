package dev.poto.runtime.auth;

import dev.poto.protocol.ProblemCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * Applies {@link LoginLimits} through an {@link AttemptStore}: failed logins per user name and per
 * address, visitor tokens per address. Names and addresses are hashed into keys, so a key is short and
 * holds no user input whatever was sent.
 */
final class LoginThrottle {
  private final LoginLimits limits;
  private final AttemptStore store;

  LoginThrottle(LoginLimits limits, AttemptStore store) {
    this.limits = limits;
    this.store = store;
  }

  /** Throws 429 when the user name or the address has used up its failed logins. */
  void beforeLogin(String username, String address) {
    Duration wait = max(
        store.retryAfter(userKey(username), limits.perUser().limit(), limits.perUser().length()),
        store.retryAfter(addressKey(address), limits.perAddress().limit(), limits.perAddress().length()));
    if (!wait.isZero()) {
      throw tooMany("Too many failed logins; try again later", wait);
    }
  }

  void loginFailed(String username, String address) {
    store.record(userKey(username), limits.perUser().limit(), limits.perUser().length());
    store.record(addressKey(address), limits.perAddress().limit(), limits.perAddress().length());
  }

  /** Counts a visitor token for the address; throws 429 when it has had its share. */
  void visitor(String address) {
    String key = key("visitor:address:", address);
    LoginLimits.Window window = limits.visitorsPerAddress();
    Duration wait = store.retryAfter(key, window.limit(), window.length());
    if (!wait.isZero()) {
      throw tooMany("Too many visitor tokens from this address; try again later", wait);
    }
    store.record(key, window.limit(), window.length());
  }

  private static RetryLaterException tooMany(String message, Duration wait) {
    return new RetryLaterException(429, ProblemCodes.TOO_MANY_REQUESTS, message, wait);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String addressKey(String address) {
    return key("login:address:", address);
  }

  private static String userKey(String username) {
    return key("login:user:", username);
  }

  /** The kind and a SHA-256 of the value: addresses can come from a forwarded header too. */
  private static String key(String kind, String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return kind + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
