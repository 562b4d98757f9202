package dev.poto.tsgen.emit;

import dev.poto.tsgen.model.TsDeclaration;
import dev.poto.tsgen.model.TsField;
import dev.poto.tsgen.model.TsType;
import dev.poto.tsgen.model.TsUnionCase;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Decides where the client must convert JSON values (dates, bytes, longs) and writes the codec
 * descriptors the runtime interprets. Types without such positions get no codec at all, so plain
 * data is passed through untouched; the descriptors follow the declared types, never the data.
 */
final class CodecPlanner {
  private final Map<String, TsDeclaration> declarations;
  private final Set<String> converting = new HashSet<>();
  private final Set<String> exactDigits = new HashSet<>();

  CodecPlanner(Map<String, TsDeclaration> declarations) {
    this.declarations = declarations;
    // Least fixpoints: a declaration converts (or needs exact digits) when one of its positions does.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (TsDeclaration declaration : declarations.values()) {
        if (!converting.contains(declaration.name()) && ownPositionsConvert(declaration)) {
          converting.add(declaration.name());
          changed = true;
        }
        if (!exactDigits.contains(declaration.name()) && positions(declaration).anyMatch(this::needsExactDigits)) {
          exactDigits.add(declaration.name());
          changed = true;
        }
      }
    }
  }

  /**
   * Whether a value of {@code type} may hold integers beyond ±(2^53 - 1) that must keep every digit
   * (bigint longs, JSON values), so the answer is parsed by the runtime's exact reader, not JSON.parse.
   */
  boolean needsExactDigits(TsType type) {
    return switch (type) {
      case TsType.Scalar scalar -> scalar.scalar() == dev.poto.tsgen.model.TsScalar.BIGINT
          || scalar.scalar().codec() != null && scalar.scalar().codec().equals("json");
      case TsType.Nullable nullable -> needsExactDigits(nullable.type());
      case TsType.Array array -> needsExactDigits(array.element());
      case TsType.Dictionary dictionary -> needsExactDigits(dictionary.value());
      case TsType.TypeVariable variable -> false;
      case TsType.Reference reference ->
          exactDigits.contains(reference.name()) || reference.arguments().stream().anyMatch(this::needsExactDigits);
    };
  }

  private java.util.stream.Stream<TsType> positions(TsDeclaration declaration) {
    return switch (declaration) {
      case TsDeclaration.Interface face -> face.fields().stream().map(TsField::type);
      case TsDeclaration.Union union -> union.cases().stream()
          .map(c -> (TsType) new TsType.Reference(c.typeName(), java.util.List.of()));
      case TsDeclaration.Enumeration enumeration -> java.util.stream.Stream.empty();
    };
  }

  /** The name of the codec constant (or factory, for generic interfaces) of a declaration. */
  static String codecName(String typeName) {
    return typeName + "$codec";
  }

  /** Whether {@code declaration} gets a codec constant in codecs.ts. */
  boolean hasCodec(TsDeclaration declaration) {
    return converting.contains(declaration.name()) || isGeneric(declaration);
  }

  static boolean isGeneric(TsDeclaration declaration) {
    return declaration instanceof TsDeclaration.Interface face && !face.typeParameters().isEmpty();
  }

  /** The descriptor expression of a declaration's codec (the body of its constant or factory). */
  String declarationCodec(TsDeclaration declaration) {
    return switch (declaration) {
      case TsDeclaration.Interface face -> {
        StringJoiner fields = new StringJoiner(", ", "{ ", " }").setEmptyValue("{}");
        StringJoiner outputOnly = new StringJoiner(", ", "[", "]");
        for (TsField field : face.fields()) {
          String codec = expression(field.type(), true);
          if (codec != null) {
            fields.add(TsTypeRenderer.propertyKey(field.name()) + ": " + codec);
          }
          if (field.outputOnly()) {
            outputOnly.add(TsTypeRenderer.quote(field.name()));
          }
        }
        yield "{ fields: " + fields + (face.fields().stream().anyMatch(TsField::outputOnly)
            ? ", outputOnly: " + outputOnly : "") + " }";
      }
      case TsDeclaration.Union union -> {
        StringJoiner cases = new StringJoiner(", ", "{ union: " + TsTypeRenderer.quote(union.property()) + ", cases: { ", " } }");
        for (TsUnionCase unionCase : union.cases()) {
          String codec = expression(new TsType.Reference(unionCase.typeName(), java.util.List.of()), true);
          if (codec != null) {
            cases.add(TsTypeRenderer.propertyKey(unionCase.tag()) + ": " + codec);
          }
        }
        yield cases.toString();
      }
      case TsDeclaration.Enumeration enumeration -> throw new IllegalArgumentException(enumeration.name());
    };
  }

  /**
   * The codec expression for a value of {@code type}, or null when it needs no conversion.
   * {@code lazy} wraps references in thunks, as codecs.ts needs for recursion and declaration order.
   */
  String expression(TsType type, boolean lazy) {
    return switch (type) {
      case TsType.Scalar scalar -> scalar.scalar().codec() == null ? null : TsTypeRenderer.quote(scalar.scalar().codec());
      case TsType.Nullable nullable -> expression(nullable.type(), lazy);
      case TsType.Array array -> wrap("array", expression(array.element(), lazy));
      case TsType.Dictionary dictionary -> wrap("map", expression(dictionary.value(), lazy));
      case TsType.TypeVariable variable -> variable.name();
      case TsType.Reference reference -> reference(reference, lazy);
    };
  }

  private String reference(TsType.Reference reference, boolean lazy) {
    TsDeclaration declaration = declarations.get(reference.name());
    if (declaration == null || declaration instanceof TsDeclaration.Enumeration) {
      return null;
    }
    String target;
    if (isGeneric(declaration)) {
      StringJoiner arguments = new StringJoiner(", ", "(", ")");
      boolean anyArgumentConverts = false;
      for (TsType argument : reference.arguments()) {
        String codec = expression(argument, lazy);
        anyArgumentConverts |= codec != null;
        arguments.add(codec == null ? "undefined" : codec);
      }
      if (!anyArgumentConverts && !converting.contains(declaration.name())) {
        return null;
      }
      target = codecName(declaration.name()) + arguments;
    } else {
      if (!converting.contains(declaration.name())) {
        return null;
      }
      target = codecName(declaration.name());
    }
    return lazy ? "{ ref: () => " + target + " }" : target;
  }

  private static String wrap(String kind, String inner) {
    return inner == null ? null : "{ " + kind + ": " + inner + " }";
  }

  private boolean ownPositionsConvert(TsDeclaration declaration) {
    return switch (declaration) {
      case TsDeclaration.Interface face ->
          face.fields().stream().anyMatch(field -> field.outputOnly() || converts(field.type()));
      case TsDeclaration.Union union -> union.cases().stream().anyMatch(c -> converting.contains(c.typeName()));
      case TsDeclaration.Enumeration enumeration -> false;
    };
  }

  /** Whether a position converts given what is known so far; type variables count as no. */
  private boolean converts(TsType type) {
    return switch (type) {
      case TsType.Scalar scalar -> scalar.scalar().codec() != null;
      case TsType.Nullable nullable -> converts(nullable.type());
      case TsType.Array array -> converts(array.element());
      case TsType.Dictionary dictionary -> converts(dictionary.value());
      case TsType.TypeVariable variable -> false;
      case TsType.Reference reference ->
          converting.contains(reference.name()) || reference.arguments().stream().anyMatch(this::converts);
    };
  }
}
