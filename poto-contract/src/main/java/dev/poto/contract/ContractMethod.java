package dev.poto.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code @Rpc} method.
 *
 * @param name the method's route segment
 * @param access who may call it
 * @param params in declaration order (the wire matches them by name; the order is the clients' argument order)
 * @param result how the result travels and its shape
 * @param errors the domain errors it declares, sorted by code (empty when it declares none)
 */
public record ContractMethod(
    String name, ContractAccess access, List<ContractParam> params, ContractResult result, List<DeclaredError> errors) {
  public ContractMethod {
    Objects.requireNonNull(name);
    Objects.requireNonNull(access);
    Objects.requireNonNull(result);
    params = List.copyOf(params);
    List<DeclaredError> sorted = new ArrayList<>(errors);
    sorted.sort(Comparator.comparing(DeclaredError::code));
    errors = List.copyOf(sorted);
  }

  public Optional<ContractParam> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }
}
