package dev.poto.tsgen;

import java.util.Collection;

/**
 * Every problem text of the TypeScript generator, in one place so tests assert on the same words.
 * Each starts with its stable id and ends with a fix.
 */
public final class TsMessages {
  private TsMessages() {}

  public static final String NAME_CLASH = "[Poto/TsNameClash]";
  public static final String RESERVED_NAME = "[Poto/TsReservedName]";
  public static final String RESERVED_TYPE_NAME = "[Poto/TsReservedTypeName]";
  public static final String UNSUPPORTED_TYPE = "[Poto/TsUnsupportedType]";
  public static final String RAW_TYPE = "[Poto/TsRawType]";
  public static final String WILDCARD = "[Poto/TsWildcard]";
  public static final String TYPE_VARIABLE = "[Poto/TsTypeVariable]";
  public static final String MAP_KEY = "[Poto/TsMapKey]";
  public static final String SEALED_TYPE_INFO = "[Poto/TsSealedTypeInfo]";
  public static final String SEALED_SUBTYPES = "[Poto/TsSealedSubtypes]";
  public static final String SEALED_VARIANT = "[Poto/TsSealedVariant]";
  public static final String DISCRIMINATOR_CLASH = "[Poto/TsDiscriminatorClash]";
  public static final String DUPLICATE_TAG = "[Poto/TsDuplicateTag]";
  public static final String EMPTY_BEAN = "[Poto/TsEmptyBean]";
  public static final String ENUM_JSON_VALUE = "[Poto/TsEnumJsonValue]";
  public static final String INVALID_ROUTE = "[Poto/TsInvalidRoute]";
  public static final String DUPLICATE_ROUTE = "[Poto/TsDuplicateRoute]";

  public static String nameClash(String tsName, String first, String second, String where) {
    return NAME_CLASH + " " + where + ": the TypeScript type `" + tsName + "` would stand for both "
        + first + " and " + second + " (all types share one types.ts). Rename one of the two Java types.";
  }

  public static String reservedParameterName(String name, String where) {
    return RESERVED_NAME + " " + where + ": `" + name + "` is a reserved word in TypeScript and cannot "
        + "name a parameter of the generated client. Rename the Java parameter (e.g. `" + name + "Value`).";
  }

  public static String reservedTypeName(String tsName, String javaName, String where) {
    return RESERVED_TYPE_NAME + " " + where + ": the Java type " + javaName + " would become the TypeScript "
        + "type `" + tsName + "`, which clashes with a TypeScript built-in or a name the generated client "
        + "uses. Rename the Java type.";
  }

  public static String unsupportedType(String javaType, String where) {
    return UNSUPPORTED_TYPE + " " + where + ": `" + javaType + "` has no faithful TypeScript form. Use a "
        + "record, an enum, a sealed interface of records, String, a number or boolean, java.time types, "
        + "UUID, BigDecimal, byte[], Optional, or a List/Set/Map of those.";
  }

  public static String unsupportedInterface(String javaType, String where) {
    return UNSUPPORTED_TYPE + " " + where + ": interface `" + javaType + "` has no fixed JSON shape. Use a "
        + "record, or make it a sealed interface of records annotated with @JsonTypeInfo and @JsonSubTypes.";
  }

  public static String abstractClass(String javaType, String where) {
    return UNSUPPORTED_TYPE + " " + where + ": abstract class `" + javaType + "` has no fixed JSON shape. "
        + "Use a record, or a sealed interface of records.";
  }

  public static String rawType(String javaType, String where) {
    return RAW_TYPE + " " + where + ": raw type `" + javaType + "` says nothing about its elements. Add "
        + "type arguments, e.g. List<String>.";
  }

  public static String wildcard(String javaType, String where) {
    return WILDCARD + " " + where + ": wildcard `" + javaType + "` has no TypeScript form. Use the concrete "
        + "type, e.g. List<Item> instead of List<? extends Item>.";
  }

  public static String typeVariable(String name, String where) {
    return TYPE_VARIABLE + " " + where + ": type variable `" + name + "` is not a type parameter of a "
        + "record the client declares, so the wire shape is unknown. Use a concrete type, or a generic "
        + "record such as Page<T> with concrete arguments.";
  }

  public static String mapKey(String keyType, String where) {
    return MAP_KEY + " " + where + ": map key `" + keyType + "` is not a string on the wire in a way "
        + "TypeScript can type. Use Map<String, V> or Map<SomeEnum, V>, or a List of entry records.";
  }

  public static String sealedTypeInfo(String sealed, String where) {
    String simple = sealed.substring(sealed.lastIndexOf('.') + 1);
    return SEALED_TYPE_INFO + " " + where + ": sealed interface " + sealed + " needs Jackson type info so "
        + "the server writes the discriminator the TypeScript union relies on. Annotate it with "
        + "@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = \"type\") and @JsonSubTypes({ "
        + "@JsonSubTypes.Type(value = " + simple + ".A.class, name = \"A\"), ... }) listing every permitted record.";
  }

  public static String sealedSubtypes(
      String sealed, Collection<String> missing, Collection<String> extra, String where) {
    return SEALED_SUBTYPES + " " + where + ": @JsonSubTypes on " + sealed + " must list exactly its permitted "
        + "subclasses" + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
        + (extra.isEmpty() ? "" : "; not permitted: " + String.join(", ", extra))
        + ". Make the @JsonSubTypes list match the permits clause.";
  }

  public static String sealedVariant(String sealed, String variant, String where) {
    return SEALED_VARIANT + " " + where + ": " + variant + " permitted by " + sealed + " is not a record or "
        + "a final class. Make each variant a record (nested sealed interfaces are not supported: flatten them).";
  }

  public static String genericSealed(String sealed, String where) {
    return UNSUPPORTED_TYPE + " " + where + ": generic sealed interface " + sealed + " is not supported. "
        + "Make the sealed interface non-generic (put generic data in a record field).";
  }

  public static String discriminatorClash(String variant, String property, String where) {
    return DISCRIMINATOR_CLASH + " " + where + ": " + variant + " has a property `" + property + "`, which is "
        + "also the union's type property. Rename the component or choose another @JsonTypeInfo property.";
  }

  public static String duplicateTag(String sealed, String tag, String where) {
    return DUPLICATE_TAG + " " + where + ": two variants of " + sealed + " are tagged \"" + tag + "\". Give "
        + "each a distinct name in @JsonSubTypes.Type(name = ...) or @JsonTypeName.";
  }

  public static String emptyBean(String javaType, String where) {
    return EMPTY_BEAN + " " + where + ": class `" + javaType + "` has no public getters, so Jackson has "
        + "nothing to write. Make it a record, or add getters.";
  }

  public static String enumJsonValue(String javaType, String where) {
    return ENUM_JSON_VALUE + " " + where + ": enum `" + javaType + "` uses @JsonValue, whose wire values the "
        + "generator cannot see. Remove @JsonValue (use @JsonProperty on the constants to rename them).";
  }

  public static String invalidRoute(String route, String module) {
    return INVALID_ROUTE + " module " + module + ": route \"" + route + "\" cannot name a TypeScript file. "
        + "Use letters, digits, '-' or '_' in @RpcModule(\"...\").";
  }

  public static String duplicateRoute(String route, String module) {
    return DUPLICATE_ROUTE + " module " + module + ": route \"" + route + "\" is used by another module, so "
        + "both clients would be written to " + route + ".ts. Give each module its own @RpcModule route.";
  }
}
