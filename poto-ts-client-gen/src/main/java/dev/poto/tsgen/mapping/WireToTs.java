package dev.poto.tsgen.mapping;

import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.tsgen.model.TsDeclaration;
import dev.poto.tsgen.model.TsDiscriminator;
import dev.poto.tsgen.model.TsField;
import dev.poto.tsgen.model.TsScalar;
import dev.poto.tsgen.model.TsType;
import dev.poto.tsgen.model.TsUnionCase;
import dev.poto.wire.WireDeclaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the TS model from the one type model ({@link TypeRef}, {@link TypeDecl}): every shape has
 * exactly one TypeScript form, so this never fails (the switches are exhaustive: a new
 * {@link ScalarKind} or {@link TypeRef} variant does not compile until it has one). The TS model differs
 * only in what TypeScript needs: TS names for Java names, string keys, and the codec each leaf needs.
 */
public final class WireToTs {
  private final Map<String, String> names;
  private final Map<String, TsDeclaration> declarations = new TreeMap<>();

  public WireToTs(Map<String, WireDeclaration> wire) {
    this.names = TsNames.assign(wire.values());
    for (WireDeclaration declaration : wire.values()) {
      TsDeclaration mapped = declaration(declaration);
      declarations.put(mapped.name(), mapped);
    }
  }

  /** Every declaration by TS name. */
  public Map<String, TsDeclaration> declarations() {
    return Collections.unmodifiableMap(declarations);
  }

  /** The TS form of a scalar kind. */
  public static TsScalar scalar(ScalarKind kind) {
    return TsScalar.of(kind);
  }

  public TsType map(TypeRef shape) {
    return switch (shape) {
      case TypeRef.Scalar scalar -> new TsType.Scalar(scalar.kind());
      case TypeRef.Sequence sequence -> new TsType.Array(map(sequence.element()));
      // Keys are JSON object keys, so strings in TS whatever their Java type (exact for Long too); the
      // key keeps its kind, whose string form the client checks.
      case TypeRef.Dictionary dictionary -> new TsType.Dictionary(map(dictionary.key()), map(dictionary.value()));
      case TypeRef.Nullable nullable -> TsType.nullable(map(nullable.type()));
      case TypeRef.Named named -> new TsType.Reference(names.get(named.name()),
          named.arguments().stream().map(this::map).toList());
      case TypeRef.TypeParameter parameter -> new TsType.TypeVariable(parameter.name());
    };
  }

  private TsDeclaration declaration(WireDeclaration declaration) {
    String name = names.get(declaration.qualifiedName());
    String javaName = declaration.qualifiedName();
    return switch (declaration.type()) {
      case TypeDecl.EnumType enumType -> new TsDeclaration.Enumeration(name, javaName, enumType.values());
      case TypeDecl.UnionType union -> new TsDeclaration.Union(name, javaName, union.property(),
          union.variants().stream().map(v -> new TsUnionCase(v.tag(), names.get(v.type()))).toList());
      case TypeDecl.ObjectType object -> {
        List<TsField> fields = new ArrayList<>();
        for (TypeDecl.Property property : object.properties()) {
          boolean oneWay = property.access() != TypeDecl.Access.READ_WRITE;
          fields.add(new TsField(property.name(), map(property.type()), property.optional() || oneWay,
              property.access() == TypeDecl.Access.OUTPUT_ONLY));
        }
        yield new TsDeclaration.Interface(name, javaName, object.typeParameters(),
            object.discriminators().stream().map(d -> new TsDiscriminator(d.property(), d.tag())).toList(), fields);
      }
    };
  }
}
