package dev.poto.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One module: its route and its methods.
 *
 * @param route the route segment ({@code POST {prefix}/{route}/{method}}), the module's identity
 * @param javaType the module class's qualified name; informational (renaming the class while keeping the
 *     route changes nothing on the wire), and how an incremental build finds the module again
 * @param methods sorted by name
 */
public record ContractModule(String route, String javaType, List<ContractMethod> methods) {
  public ContractModule {
    Objects.requireNonNull(route);
    Objects.requireNonNull(javaType);
    List<ContractMethod> sorted = new ArrayList<>(methods);
    sorted.sort(Comparator.comparing(ContractMethod::name));
    methods = List.copyOf(sorted);
  }

  public Optional<ContractMethod> method(String name) {
    return methods.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
