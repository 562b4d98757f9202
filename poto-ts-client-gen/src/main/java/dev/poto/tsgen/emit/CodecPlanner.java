package dev.poto.tsgen.emit;

import dev.poto.tsgen.model.TsDeclaration;
import dev.poto.tsgen.model.TsDiscriminator;
import dev.poto.tsgen.model.TsField;
import dev.poto.tsgen.model.TsScalar;
import dev.poto.tsgen.model.TsType;
import dev.poto.tsgen.model.TsUnionCase;
import dev.poto.contract.ScalarKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * Writes the codec descriptors the runtime interprets, from the same model the TS declarations are
 * rendered from: every position gets one (the runtime checks answers against it, as the Java client
 * does), and the planner also knows which positions convert between JSON and TS (dates, bytes, longs),
 * so arguments get a codec only where one of their values must be converted.
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
   * The runtime's name for the check (and conversion) of a scalar kind: {@code ScalarCodec} in
   * poto-codecs.ts lists the same names.
   */
  static String scalarCodec(ScalarKind kind) {
    return switch (kind) {
      case BOOLEAN -> "boolean";
      case BYTE -> "byte";
      case SHORT -> "short";
      case INT -> "int";
      case LONG -> "long";
      case LONG_EXACT -> "bigint";
      case FLOAT -> "float";
      case DOUBLE -> "double";
      case CHAR -> "char";
      case STRING -> "string";
      case BIG_DECIMAL -> "decimal";
      case BIG_INTEGER -> "integer";
      case UUID -> "uuid";
      case BYTES -> "bytes";
      case DATE -> "date";
      case INSTANT -> "instant";
      case OFFSET_DATE_TIME -> "offsetDateTime";
      case ZONED_DATE_TIME -> "zonedDateTime";
      case LOCAL_DATE_TIME -> "localDateTime";
      case LOCAL_DATE -> "localDate";
      case LOCAL_TIME -> "localTime";
      case DURATION -> "duration";
      case PERIOD -> "period";
      case YEAR -> "year";
      case YEAR_MONTH -> "yearMonth";
      case ZONE_ID -> "zoneId";
      case JSON -> "json";
      case JSON_OBJECT -> "jsonObject";
      // the request body, taken out of the arguments before they are encoded (poto-uploads.ts)
      case UPLOAD -> "upload";
      case JSON_ARRAY -> "jsonArray";
    };
  }

  /**
   * Whether a value of {@code type} may hold integers beyond ±(2^53 - 1) that must keep every digit
   * (bigint longs, JSON values), so the answer is parsed by the runtime's exact reader, not JSON.parse.
   */
  boolean needsExactDigits(TsType type) {
    return switch (type) {
      case TsType.Scalar scalar -> scalar.scalar() == TsScalar.BIGINT
          || scalar.scalar().codec() != null && scalar.scalar().codec().equals("json");
      case TsType.Nullable nullable -> needsExactDigits(nullable.type());
      case TsType.Array array -> needsExactDigits(array.element());
      case TsType.Dictionary dictionary -> needsExactDigits(dictionary.value());
      case TsType.TypeVariable variable -> false;
      case TsType.Reference reference ->
          exactDigits.contains(reference.name()) || reference.arguments().stream().anyMatch(this::needsExactDigits);
    };
  }

  private Stream<TsType> positions(TsDeclaration declaration) {
    return switch (declaration) {
      case TsDeclaration.Interface face -> face.fields().stream().map(TsField::type);
      case TsDeclaration.Union union -> union.cases().stream()
          .map(c -> (TsType) new TsType.Reference(c.typeName(), List.of()));
      case TsDeclaration.Enumeration enumeration -> Stream.empty();
    };
  }

  /** The name of the codec constant (or factory, for generic interfaces) of a declaration. */
  static String codecName(String typeName) {
    return typeName + "$codec";
  }

  static boolean isGeneric(TsDeclaration declaration) {
    return declaration instanceof TsDeclaration.Interface face && !face.typeParameters().isEmpty();
  }

  /** The descriptor expression of a declaration's codec (the body of its constant or factory). */
  String declarationCodec(TsDeclaration declaration) {
    return switch (declaration) {
      case TsDeclaration.Interface face -> {
        StringJoiner fields = new StringJoiner(", ", "{ ", " }").setEmptyValue("{}");
        StringJoiner optional = new StringJoiner(", ", "[", "]").setEmptyValue("");
        StringJoiner outputOnly = new StringJoiner(", ", "[", "]").setEmptyValue("");
        for (TsField field : face.fields()) {
          fields.add(TsTypeRenderer.propertyKey(field.name()) + ": " + expression(field.type(), true));
          if (field.outputOnly()) {
            outputOnly.add(TsTypeRenderer.quote(field.name()));
          } else if (field.optional()) {
            optional.add(TsTypeRenderer.quote(field.name()));
          }
        }
        StringJoiner codec = new StringJoiner(", ", "{ ", " }");
        codec.add("fields: " + fields);
        if (optional.length() > 0) {
          codec.add("optional: " + optional);
        }
        if (outputOnly.length() > 0) {
          codec.add("outputOnly: " + outputOnly);
        }
        if (!face.discriminators().isEmpty()) {
          StringJoiner tags = new StringJoiner(", ", "{ ", " }");
          for (TsDiscriminator discriminator : face.discriminators()) {
            tags.add(TsTypeRenderer.propertyKey(discriminator.property()) + ": " + TsTypeRenderer.quote(discriminator.tag()));
          }
          codec.add("tags: " + tags);
        }
        yield codec.toString();
      }
      case TsDeclaration.Union union -> {
        StringJoiner cases = new StringJoiner(", ", "{ union: " + TsTypeRenderer.quote(union.property()) + ", cases: { ", " } }")
            .setEmptyValue("{ union: " + TsTypeRenderer.quote(union.property()) + ", cases: {} }");
        for (TsUnionCase unionCase : union.cases()) {
          cases.add(TsTypeRenderer.propertyKey(unionCase.tag()) + ": "
              + expression(new TsType.Reference(unionCase.typeName(), List.of()), true));
        }
        yield cases.toString();
      }
      case TsDeclaration.Enumeration enumeration -> {
        StringJoiner constants = new StringJoiner(", ", "{ enum: [", "] }");
        enumeration.values().forEach(value -> constants.add(TsTypeRenderer.quote(value)));
        yield constants.toString();
      }
    };
  }

  /**
   * The codec expression for a value of {@code type}. {@code lazy} wraps references in thunks, as
   * codecs.ts needs for recursion and declaration order.
   */
  String expression(TsType type, boolean lazy) {
    return switch (type) {
      case TsType.Scalar scalar -> TsTypeRenderer.quote(scalarCodec(scalar.kind()));
      case TsType.Nullable nullable -> "{ nullable: " + expression(nullable.type(), lazy) + " }";
      case TsType.Array array -> "{ array: " + expression(array.element(), lazy) + " }";
      case TsType.Dictionary dictionary -> "{ map: " + expression(dictionary.value(), lazy)
          + (dictionary.key() instanceof TsType.Scalar key && key.kind() == ScalarKind.STRING
              ? "" : ", key: " + expression(dictionary.key(), lazy)) + " }";
      case TsType.TypeVariable variable -> variable.name();
      case TsType.Reference reference -> reference(reference, lazy);
    };
  }

  /**
   * The codec expression of an argument, or null when none of its values is converted (it is then
   * sent as it is; the server checks it).
   */
  String argumentExpression(TsType type) {
    return converts(type) ? expression(type, false) : null;
  }

  private String reference(TsType.Reference reference, boolean lazy) {
    TsDeclaration declaration = declarations.get(reference.name());
    if (declaration == null) {
      throw new IllegalStateException("no declaration " + reference.name());
    }
    String target = codecName(declaration.name());
    if (isGeneric(declaration)) {
      StringJoiner arguments = new StringJoiner(", ", "(", ")");
      reference.arguments().forEach(argument -> arguments.add(expression(argument, lazy)));
      target += arguments;
    }
    return lazy ? "{ ref: () => " + target + " }" : target;
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
