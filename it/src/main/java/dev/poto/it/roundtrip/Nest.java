package dev.poto.it.roundtrip;

import org.jspecify.annotations.Nullable;

/** A recursive record: a chain {@code depth} links long, for nesting close to the protocol's limit. */
public record Nest(int depth, @Nullable Nest next) {

  /** A chain of {@code links} records, the innermost with {@code next == null}. */
  public static Nest chain(int links) {
    Nest nest = null;
    for (int i = 1; i <= links; i++) {
      nest = new Nest(i, nest);
    }
    return nest;
  }
}
