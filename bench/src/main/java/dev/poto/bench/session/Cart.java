package dev.poto.bench.session;

import java.util.List;

/** A typical small session value. */
public record Cart(String owner, List<String> items, int total) {
  public static Cart sample() {
    return new Cart("bench", List.of("apple", "pear", "plum"), 3);
  }
}
