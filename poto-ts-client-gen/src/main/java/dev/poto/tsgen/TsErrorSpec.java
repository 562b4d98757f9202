package dev.poto.tsgen;

import java.util.List;
import java.util.Objects;

/**
 * A declared error of a method: its code and status, the Java class (qualified and simple name) and its
 * fields, the extension members of its problem, in constructor order.
 */
public record TsErrorSpec(String code, int status, String javaName, String simpleName, List<TsParamSpec> fields) {
  public TsErrorSpec {
    Objects.requireNonNull(code);
    Objects.requireNonNull(javaName);
    Objects.requireNonNull(simpleName);
    fields = List.copyOf(fields);
  }
}
