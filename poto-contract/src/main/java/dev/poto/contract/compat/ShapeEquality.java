package dev.poto.contract.compat;

import dev.poto.contract.Contract;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether two types of two contracts have exactly the same JSON form, whatever their Java names: a type
 * moved to another package or renamed changes nothing on the wire.
 */
final class ShapeEquality {
  private final Contract left;
  private final Contract right;
  /** Pairs of names assumed equal while comparing them (recursive types). */
  private final Set<List<String>> assumed = new HashSet<>();

  ShapeEquality(Contract left, Contract right) {
    this.left = left;
    this.right = right;
  }

  boolean equal(TypeRef a, TypeRef b) {
    return switch (a) {
            // by wire form: an exact (bigint) long is a long
      case TypeRef.Scalar(var kind) -> b instanceof TypeRef.Scalar(var other) && kind.contractName().equals(other.contractName());
      case TypeRef.TypeParameter parameter -> parameter.equals(b);
      case TypeRef.Nullable(TypeRef inner) -> b instanceof TypeRef.Nullable(TypeRef other) && equal(inner, other);
      case TypeRef.Sequence(TypeRef element) -> b instanceof TypeRef.Sequence(TypeRef other) && equal(element, other);
      case TypeRef.Dictionary(TypeRef key, TypeRef value) ->
          b instanceof TypeRef.Dictionary(TypeRef otherKey, TypeRef otherValue) && equal(key, otherKey) && equal(value, otherValue);
      case TypeRef.Named named -> b instanceof TypeRef.Named other && named.arguments().size() == other.arguments().size()
          && allEqual(named.arguments(), other.arguments()) && declarationsEqual(named.name(), other.name());
    };
  }

  private boolean allEqual(List<TypeRef> a, List<TypeRef> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean declarationsEqual(String leftName, String rightName) {
    if (!assumed.add(List.of(leftName, rightName))) {
      return true;
    }
    TypeDecl a = left.types().get(leftName);
    TypeDecl b = right.types().get(rightName);
    if (a == null || b == null) {
      return false;
    }
    return switch (a) {
      case TypeDecl.EnumType enumType -> b instanceof TypeDecl.EnumType other
          && Set.copyOf(enumType.values()).equals(Set.copyOf(other.values()));
      case TypeDecl.UnionType union -> b instanceof TypeDecl.UnionType other && union.property().equals(other.property())
          && union.variants().size() == other.variants().size()
          && union.variants().stream().allMatch(v -> other.variants().stream()
              .anyMatch(w -> w.tag().equals(v.tag()) && declarationsEqual(v.type(), w.type())));
      case TypeDecl.ObjectType object -> b instanceof TypeDecl.ObjectType other
          && object.typeParameters().equals(other.typeParameters())
          && object.discriminators().equals(other.discriminators())
          && object.properties().size() == other.properties().size()
          && object.properties().stream().allMatch(p -> other.properties().stream().anyMatch(q -> q.name().equals(p.name())
              && q.optional() == p.optional() && q.access() == p.access() && equal(p.type(), q.type())));
    };
  }
}
