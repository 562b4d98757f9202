package dev.poto.bench.unary;

/** The small record both servers echo: a few fields of the usual kinds. */
public record Item(long id, String name, double price, boolean inStock, int quantity) {
  public static Item sample() {
    return new Item(42, "benchmark widget", 19.99, true, 7);
  }
}
