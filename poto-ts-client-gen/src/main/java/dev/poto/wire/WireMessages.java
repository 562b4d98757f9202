package dev.poto.wire;

import java.util.Collection;

/**
 * Every text about types that cannot cross the wire, in one place so tests assert on the same words.
 * Messages start with a stable id and end with a fix; reasons (the part after "because") end with a fix.
 */
public final class WireMessages {
  private WireMessages() {}

  public static final String UNSUPPORTED_PARAMETER_TYPE = "[Poto/UnsupportedParameterType]";
  public static final String UNSUPPORTED_RETURN_TYPE = "[Poto/UnsupportedReturnType]";
  public static final String UNSUPPORTED_ERROR_FIELD = "[Poto/UnsupportedErrorField]";
  public static final String UNSUPPORTED_PROPERTY_TYPE = "[Poto/UnsupportedPropertyType]";
  public static final String SEALED_TYPE_INFO = "[Poto/SealedTypeInfo]";
  public static final String SEALED_SUBTYPES = "[Poto/SealedSubtypes]";
  public static final String SEALED_VARIANT = "[Poto/SealedVariant]";
  public static final String DISCRIMINATOR_CLASH = "[Poto/DiscriminatorClash]";
  public static final String DUPLICATE_TAG = "[Poto/DuplicateTag]";
  public static final String EMPTY_BEAN = "[Poto/EmptyBean]";
  public static final String ENUM_JSON_VALUE = "[Poto/EnumJsonValue]";

  /** What parameters and results may be, appended to type errors. */
  public static final String SUPPORTED_TYPES =
      "Supported: primitives and their boxes, String, UUID, BigDecimal, BigInteger, java.time types,"
          + " java.util.Date, enums, records, beans, sealed interfaces of records, Jackson's JsonNode,"
          + " arrays, and generic collections/maps/Optional of those with concrete type arguments (see"
          + " docs/TYPES.md); results may also be void, byte[], InputStream, Stream<T>, Iterator<T> or"
          + " Flow.Publisher<T>, and one parameter may be a dev.poto.protocol.Upload (the request body).";

  public static String unsupportedParameterType(String param, String method, String type, String reason) {
    return UNSUPPORTED_PARAMETER_TYPE + " Parameter '" + param + "' of @Rpc method " + method
        + "() has type " + type + ", which Poto cannot receive: " + reason + " " + SUPPORTED_TYPES;
  }

  public static String unsupportedErrorField(String field, String error, String type, String reason) {
    return UNSUPPORTED_ERROR_FIELD + " Field '" + field + "' of declared error " + error + " has type " + type
        + ", which Poto cannot send: " + reason + " " + SUPPORTED_TYPES;
  }

  public static String unsupportedReturnType(String method, String type, String reason) {
    return UNSUPPORTED_RETURN_TYPE + " @Rpc method " + method + "() returns " + type
        + ", which Poto cannot send: " + reason + " " + SUPPORTED_TYPES;
  }

  public static String unsupportedPropertyType(String property, String owner, String type, String reason) {
    return UNSUPPORTED_PROPERTY_TYPE + " Property '" + property + "' of " + owner + " has type " + type
        + ", which cannot cross the wire: " + reason + " " + SUPPORTED_TYPES;
  }

  // ---- reasons ----

  static String object() {
    return "java.lang.Object does not say what JSON to expect; use a concrete type (a record,"
        + " List<T>, Map<String, T> or Jackson's JsonNode).";
  }

  static String raw(String type) {
    return "raw type " + type + " leaves the element type unknown; write its type arguments,"
        + " e.g. List<String>.";
  }

  static String typeVariable(String type) {
    return "type variable " + type + " has no fixed wire type; use a concrete type (or a generic record"
        + " such as Page<T> with concrete arguments).";
  }

  static String wildcard(String type) {
    return "wildcards (" + type + ") cannot be decoded; write the concrete type argument instead.";
  }

  static String nullablePrimitive(String type) {
    return "a primitive " + type + " cannot be null, so @Nullable cannot hold; use its box (e.g. Integer for int) to"
        + " allow null, or drop @Nullable.";
  }

  static String nullableOptional(String type) {
    return type + " is already either a value or empty, and empty is null on the wire, so @Nullable would make null"
        + " and empty one value (a null would come back empty): drop @Nullable.";
  }

  static String nestedOptional(String type) {
    return type + " holds a value that may itself be absent; on the wire both absences are null, so an empty inner"
        + " value would come back as an empty outer one: keep one level of Optional (or @Nullable).";
  }

  static String noJsonForm() {
    return "this kind of type has no JSON form; use a concrete data type.";
  }

  static String runtimeObject(String type) {
    return type + " is a JVM runtime object, not data; send a plain value that describes it instead.";
  }

  static String future() {
    return "futures are not data; declare the value itself (each call already runs on its own"
        + " virtual thread, so blocking is fine).";
  }

  static String function() {
    return "functions cannot be sent over the wire; send data and choose the behaviour on the server.";
  }

  static String ioHandle() {
    return "I/O handles cannot be part of a JSON value; return byte[] or InputStream as the whole"
        + " result for binary data, and take a dev.poto.protocol.Upload parameter for uploads.";
  }

  static String nestedUpload() {
    return "an Upload is the request body itself, never part of a JSON value: take it as a parameter of its own"
        + " (Upload file), or take byte[] (sent as base64) for small binary values inside data.";
  }

  static String nullableUpload() {
    return "an Upload is the request body, which is always there (perhaps empty): drop @Nullable, or give the"
        + " method a second form without the upload.";
  }

  static String nestedStream() {
    return "streams cannot be nested in a value; only the whole result may be a Stream<T>, use"
        + " List<T> inside values.";
  }

  static String privateType(String type) {
    return type + " is private, so generated code cannot name it; make it package-private or public.";
  }

  static String inaccessibleType(String type) {
    return type + " is not public and lives outside the module's package, so generated code"
        + " cannot name it; make it public.";
  }

  static String platformType(String type) {
    return type + " is a JDK type without a fixed JSON form in Poto; use a record, or a type listed in"
        + " docs/TYPES.md.";
  }

  static String customCollection(String type) {
    return type + " is a collection or map outside java.util whose JSON form Poto cannot know; declare"
        + " List<T>, Set<T> or Map<K, V> instead.";
  }

  static String mapKey(String key) {
    return "map key " + key + " is not written exactly as a JSON object key; use String, an enum,"
        + " Boolean, Character, Byte, Short, Integer, Long, UUID, LocalDate or YearMonth keys, or a List"
        + " of entry records.";
  }

  static String openInterface(String type) {
    return "interface " + type + " has no fixed JSON shape; use a record, or make it a sealed"
        + " interface of records annotated with @JsonTypeInfo and @JsonSubTypes.";
  }

  static String abstractClass(String type) {
    return "abstract class " + type + " has no fixed JSON shape; use a record, or a sealed interface"
        + " of records.";
  }

  static String genericSealed(String type) {
    return "generic sealed interface " + type + " is not supported; make the sealed interface"
        + " non-generic (put generic data in a record field).";
  }

  static String unusableDeclaration(String type) {
    return type + " cannot cross the wire (see the error reported on it).";
  }

  // ---- problems of declarations ----

  static String sealedTypeInfo(String sealed) {
    String simple = sealed.substring(sealed.lastIndexOf('.') + 1);
    return SEALED_TYPE_INFO + " Sealed interface " + sealed + " needs Jackson type info so the server"
        + " writes the discriminator clients rely on. Annotate it with"
        + " @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = \"type\") and @JsonSubTypes({"
        + " @JsonSubTypes.Type(value = " + simple + ".A.class, name = \"A\"), ... }) listing every permitted record.";
  }

  static String sealedSubtypes(String sealed, Collection<String> missing, Collection<String> extra) {
    return SEALED_SUBTYPES + " @JsonSubTypes on " + sealed + " must list exactly its permitted subclasses"
        + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
        + (extra.isEmpty() ? "" : "; not permitted: " + String.join(", ", extra))
        + ". Make the @JsonSubTypes list match the permits clause.";
  }

  static String sealedVariant(String sealed, String variant) {
    return SEALED_VARIANT + " " + variant + " permitted by " + sealed + " is not a record or a final"
        + " class. Make each variant a record (nested sealed interfaces are not supported: flatten them).";
  }

  static String discriminatorClash(String variant, String property) {
    return DISCRIMINATOR_CLASH + " " + variant + " has a property `" + property + "`, which is also the"
        + " union's type property. Rename the component or choose another @JsonTypeInfo property.";
  }

  static String duplicateTag(String sealed, String tag) {
    return DUPLICATE_TAG + " Two variants of " + sealed + " are tagged \"" + tag + "\". Give each a"
        + " distinct name in @JsonSubTypes.Type(name = ...) or @JsonTypeName.";
  }

  static String emptyBean(String type) {
    return EMPTY_BEAN + " Class " + type + " has no public getters, setters or fields, so Jackson has"
        + " nothing to write. Make it a record, or add getters.";
  }

  static String enumJsonValue(String type) {
    return ENUM_JSON_VALUE + " Enum " + type + " uses @JsonValue, whose wire values cannot be seen at"
        + " compile time. Remove @JsonValue (use @JsonProperty on the constants to rename them).";
  }
}
