package dev.poto.runtime.lifecycle;

import java.util.function.BooleanSupplier;

/** Polls a condition the code under test makes true on another thread (no timing is asserted). */
final class Await {
  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
