package dev.poto.runtime.auth;

import dev.poto.runtime.context.PotoUser;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens one {@link TokenService} has fully verified, by their exact text, so a token presented
 * again skips base64 and JSON decoding, the HMAC and the claim checks: on a small call those were the
 * largest part of the server's own work. What is remembered follows from the token's bytes and the
 * service's keys alone (signature, issuer, claim shapes, the user), and a service never changes its
 * keys: a new key set is a new service with an empty cache. The time checks ({@code exp}, {@code nbf},
 * {@code iat}) are made again on every use ({@link Verified}).
 *
 * <p>Bounded: two generations of at most half the capacity each. When the current one is full it
 * becomes the previous one and the old previous one is dropped; a token found in the previous
 * generation moves back to the current one, so tokens in use stay while one-off tokens age out. A
 * caller who mints many tokens (each a valid token from {@code _auth/visitor}) only pushes others out,
 * which then cost one full verification again. Rejected tokens are never kept.
 */
final class VerifiedTokens {
  /** Tokens kept at most (both generations together). */
  static final int DEFAULT_CAPACITY = 10_000;

  /**
   * A verified token's user and the instants its validity depends on, in epoch seconds ({@link
   * #NONE} for a claim the token does not carry).
   */
  record Verified(PotoUser user, long expiresAt, long notBefore, long issuedAt) {
    static final long NONE = Long.MIN_VALUE;
  }

  private final int generationSize;
  private volatile ConcurrentHashMap<String, Verified> current;
  private volatile ConcurrentHashMap<String, Verified> previous;

  VerifiedTokens(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
    }
    this.generationSize = capacity / 2;
    this.current = new ConcurrentHashMap<>();
    this.previous = new ConcurrentHashMap<>();
  }

  /** The token's verification, or null when it was not verified here (or has aged out). */
  Verified get(String token) {
    Verified known = current.get(token);
    if (known == null) {
      known = previous.get(token);
      if (known != null) {
        put(token, known); // still in use: keep it
      }
    }
    return known;
  }

  void put(String token, Verified verified) {
    ConcurrentHashMap<String, Verified> into = current;
    if (into.size() >= generationSize) {
      into = nextGeneration(into);
    }
    into.put(token, verified);
  }

  /** Forgets a token (one that has expired: it can never verify again). */
  void remove(String token) {
    current.remove(token);
    previous.remove(token);
  }

  /** Tokens kept now. */
  int size() {
    return current.size() + previous.size();
  }

  private synchronized ConcurrentHashMap<String, Verified> nextGeneration(ConcurrentHashMap<String, Verified> full) {
    if (current == full) { // not already rotated by another thread
      previous = full;
      current = new ConcurrentHashMap<>();
    }
    return current;
  }
}
