package dev.poto.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The wire contract of a compilation's Poto modules: what a client may call and what travels, without
 * any Java detail the wire does not see. Immutable; modules sorted by route, methods by name, types by
 * qualified name, so equal contracts are equal records and write to equal files.
 *
 * @param formatVersion the file format version ({@link #FORMAT_VERSION} for contracts built here)
 * @param modules the modules, sorted by route
 * @param types every named type a parameter, result or declared error reaches, by qualified name
 */
public record Contract(int formatVersion, List<ContractModule> modules, SortedMap<String, TypeDecl> types) {
  /** The format this library writes and reads. A reader refuses any other version. */
  public static final int FORMAT_VERSION = 1;

  /** Where the processor writes the contract in the class output (and so in the jar). */
  public static final String CLASS_PATH_LOCATION = "META-INF/poto/contract.json";

  public Contract {
    List<ContractModule> sorted = new ArrayList<>(modules);
    sorted.sort(Comparator.comparing(ContractModule::route));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).route().equals(sorted.get(i - 1).route())) {
        throw new IllegalArgumentException("two modules with the route '" + sorted.get(i).route() + "'");
      }
    }
    modules = List.copyOf(sorted);
    types = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(types));
  }

  public static Contract of(List<ContractModule> modules, Map<String, TypeDecl> types) {
    return new Contract(FORMAT_VERSION, modules, new TreeMap<>(types));
  }

  public Optional<ContractModule> module(String route) {
    return modules.stream().filter(m -> m.route().equals(route)).findFirst();
  }

  public Optional<TypeDecl> type(String qualifiedName) {
    return Optional.ofNullable(types.get(Objects.requireNonNull(qualifiedName)));
  }
}
