package dev.poto.session.redis;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the atomic updates of one session key on this node take turns, first come first served.
 * Correctness does not depend on it (the compare-and-set in Redis guarantees that); it keeps one
 * node's concurrent updates of a key from racing each other through Redis, where all but one would
 * have to start over and a burst would run out of attempts, so only other nodes' writes can make an
 * update retry. Keys share a fixed set of
 * fair locks (by hash), so memory stays bounded whatever the number of users.
 */
final class UpdateTurns {
  private static final int STRIPES = 256; // a power of two

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  UpdateTurns() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock(true);
    }
  }

  /** The lock whose holder has the turn for {@code userId}'s {@code key}. */
  ReentrantLock of(String userId, String key) {
    int h = Objects.hash(userId, key);
    return locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }
}
