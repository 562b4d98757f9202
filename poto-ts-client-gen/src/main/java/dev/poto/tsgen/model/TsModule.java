package dev.poto.tsgen.model;

import java.util.List;
import java.util.Objects;

/** A module's client as the emitter writes it: file {@code <fileName>.ts}, class {@code className}. */
public record TsModule(String route, String fileName, String className, String javaName, List<TsMethod> methods) {
  public TsModule {
    Objects.requireNonNull(route);
    Objects.requireNonNull(fileName);
    Objects.requireNonNull(className);
    Objects.requireNonNull(javaName);
    methods = List.copyOf(methods);
  }
}
