package dev.poto.tsgen;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The representative "shop" fixture and paths shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  static final List<String> SHOP_FILES = List.of("Color", "Money", "Item", "Page", "Shape", "Tree",
      "Customer", "Everything", "ShopModule", "ChatModule");

  static Map<String, String> shopSources() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String name : SHOP_FILES) {
      sources.put("com/example/shop/" + name + ".java", Javac.resource("fixtures/shop/" + name + ".java"));
    }
    return sources;
  }

  private static TsGenerationResult shop;

  /** The shop fixture's generated files, computed once per test JVM. */
  static synchronized TsGenerationResult shop() {
    if (shop == null) {
      shop = Javac.generate(shopSources());
    }
    return shop;
  }

  /** This module's directory (node_modules, src/test/resources live there). */
  static Path basedir() {
    return Path.of(System.getProperty("poto.tsgen.basedir", "."));
  }
}
