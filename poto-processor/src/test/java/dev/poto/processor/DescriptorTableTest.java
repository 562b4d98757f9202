package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.poto.protocol.GenericTypes;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated descriptor's method table names classes by their simple names, and by their binary
 * names where two classes of the module share a simple name; loaded, it yields exactly the declared
 * types.
 */
class DescriptorTableTest {
  @TempDir Path classes;

  @Test
  void classesSharingASimpleNameAreNamedByTheirBinaryNames() throws Exception {
    Compilation compilation = ProcessorTestSupport.compile(
        JavaFileObjects.forSourceString("com.other.Item", "package com.other; public record Item(int n) {}"),
        JavaFileObjects.forSourceString("com.example.Shop", ProcessorTestSupport.source(
            "package com.example;",
            "import dev.poto.annotations.Rpc;",
            "import java.util.List;",
            "import java.util.Map;",
            "public class Shop {",
            "  public record Item(String name) {}",
            "  @Rpc public Map<String, List<Item>> mine(com.other.Item[] theirs, List<com.other.Item>[] pages) {",
            "    return Map.of();",
            "  }",
            "  @Rpc public void keep(List<String> names, int[][] grid) {}",
            "}")));
    assertThat(compilation).succeeded();
    String descriptor = ProcessorTestSupport.generatedSource(compilation, "com.example.ShopDescriptor").orElseThrow();
    assertThat(descriptor)
        .contains("VALUE Map<String, List<com.example.Shop$Item>> mine(com.other.Item[] theirs,"
            + " List<com.other.Item>[] pages)")
        .contains("VOID void keep(List<String> names, int[][] grid)");

    try (URLClassLoader loader = CompiledClasses.load(compilation, classes)) {
      Class<?> mine = loader.loadClass("com.example.Shop$Item");
      Class<?> theirs = loader.loadClass("com.other.Item");
      @SuppressWarnings("unchecked")
      List<RpcMethod> methods = (List<RpcMethod>)
          loader.loadClass("com.example.ShopDescriptor").getField("METHODS").get(null);

      RpcMethod first = methods.get(0);
      assertThat(first.path()).isEqualTo("Shop/mine");
      assertThat(first.resultType())
          .isEqualTo(GenericTypes.generic(Map.class, String.class, GenericTypes.generic(List.class, mine)));
      assertThat(first.params()).containsExactly(
          new RpcParam("theirs", theirs.arrayType(), true),
          new RpcParam("pages", GenericTypes.arrayOf(GenericTypes.generic(List.class, theirs)), true));

      RpcMethod second = methods.get(1);
      assertThat(second.index()).isEqualTo(1);
      assertThat(second.resultType()).isEqualTo(Void.class);
      assertThat(second.params()).containsExactly(
          new RpcParam("names", GenericTypes.generic(List.class, String.class), true),
          new RpcParam("grid", int[][].class, true));
    }
  }

  @Test
  void nullableElementsAreMarkedAndLoadAsNullableTypes() throws Exception {
    Compilation compilation = ProcessorTestSupport.compile(
        JavaFileObjects.forSourceString("org.example.lib.Nullable", ProcessorTestSupport.source(
            "package org.example.lib;",
            "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
            "public @interface Nullable {}")),
        JavaFileObjects.forSourceString("com.example.Tags", ProcessorTestSupport.source(
            "package com.example;",
            "import dev.poto.annotations.Rpc;",
            "import org.example.lib.Nullable;",
            "import java.util.List;",
            "import java.util.Map;",
            "public class Tags {",
            "  @Rpc public List<@Nullable String> tags(Map<String, @Nullable Integer> counts,"
                + " @Nullable String[] names, @Nullable List<String> plain) {",
            "    return List.of();",
            "  }",
            "}")));
    assertThat(compilation).succeeded();
    String descriptor = ProcessorTestSupport.generatedSource(compilation, "com.example.TagsDescriptor").orElseThrow();
    assertThat(descriptor).contains(
        "VALUE List<String?> tags(Map<String, Integer?> counts, String?[] names, List<String>? plain)");

    try (URLClassLoader loader = CompiledClasses.load(compilation, classes)) {
      @SuppressWarnings("unchecked")
      List<RpcMethod> methods = (List<RpcMethod>)
          loader.loadClass("com.example.TagsDescriptor").getField("METHODS").get(null);
      RpcMethod tags = methods.getFirst();
      assertThat(tags.resultType()).isEqualTo(GenericTypes.generic(List.class, GenericTypes.nullable(String.class)));
      assertThat(tags.params()).containsExactly(
          new RpcParam("counts", GenericTypes.generic(Map.class, String.class, GenericTypes.nullable(Integer.class)), true),
          new RpcParam("names", GenericTypes.arrayOf(GenericTypes.nullable(String.class)), true),
          new RpcParam("plain", GenericTypes.generic(List.class, String.class), false));
    }
  }
}
