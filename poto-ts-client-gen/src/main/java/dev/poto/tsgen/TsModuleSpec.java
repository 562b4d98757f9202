package dev.poto.tsgen;

import java.util.List;
import java.util.Objects;

/**
 * One module: its route (the URL segment and the file name {@code <route>.ts}), the Java simple name
 * (the TS class is {@code <javaSimpleName>Client}), the qualified name (for comments) and its
 * {@code @Rpc} methods in source order.
 */
public record TsModuleSpec(String route, String javaSimpleName, String javaName, List<TsMethodSpec> methods) {
  public TsModuleSpec {
    Objects.requireNonNull(route);
    Objects.requireNonNull(javaSimpleName);
    Objects.requireNonNull(javaName);
    methods = List.copyOf(methods);
  }

  public String clientClassName() {
    return javaSimpleName + "Client";
  }
}
