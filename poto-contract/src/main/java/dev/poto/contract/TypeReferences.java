package dev.poto.contract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Which named types a position, a declaration or a set of modules reaches. */
public final class TypeReferences {
  private TypeReferences() {}

  /** The names {@code type} mentions directly (its own name, type arguments, elements, keys, values). */
  public static Set<String> names(TypeRef type) {
    Set<String> out = new LinkedHashSet<>();
    collect(type, out);
    return out;
  }

  /** The names a declaration's properties and variants mention directly. */
  public static Set<String> names(TypeDecl decl) {
    Set<String> out = new LinkedHashSet<>();
    switch (decl) {
      case TypeDecl.ObjectType object -> object.properties().forEach(p -> collect(p.type(), out));
      case TypeDecl.EnumType ignored -> {}
      case TypeDecl.UnionType union -> union.variants().forEach(v -> out.add(v.type()));
    }
    return out;
  }

  /** The names a method's parameters, result and declared errors mention directly. */
  public static Set<String> names(ContractMethod method) {
    Set<String> out = new LinkedHashSet<>();
    method.params().forEach(p -> collect(p.type(), out));
    if (method.result().type() != null) {
      collect(method.result().type(), out);
    }
    method.errors().forEach(e -> out.add(e.type()));
    return out;
  }

  /**
   * Every declaration reachable from {@code roots}, looked up by name in {@code declarations}, sorted by
   * name. A name {@code declarations} does not know is an error: a contract describes every type it uses.
   */
  public static Map<String, TypeDecl> closure(Set<String> roots, Function<String, TypeDecl> declarations) {
    Map<String, TypeDecl> out = new TreeMap<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (out.containsKey(name)) {
        continue;
      }
      TypeDecl decl = declarations.apply(name);
      if (decl == null) {
        throw new IllegalArgumentException("no declaration of the type " + name);
      }
      out.put(name, decl);
      pending.addAll(names(decl));
    }
    return out;
  }

  private static void collect(TypeRef type, Set<String> out) {
    switch (type) {
      case TypeRef.Scalar ignored -> {}
      case TypeRef.TypeParameter ignored -> {}
      case TypeRef.Sequence(TypeRef element) -> collect(element, out);
      case TypeRef.Dictionary(TypeRef key, TypeRef value) -> {
        collect(key, out);
        collect(value, out);
      }
      case TypeRef.Nullable(TypeRef inner) -> collect(inner, out);
      case TypeRef.Named(String name, java.util.List<TypeRef> arguments) -> {
        out.add(name);
        arguments.forEach(a -> collect(a, out));
      }
    }
  }
}
