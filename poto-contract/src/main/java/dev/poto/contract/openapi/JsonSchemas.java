package dev.poto.contract.openapi;

import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of each contract type: scalars as their JSON forms
 * (docs/TYPES.md), named types as {@code $ref}s into {@code components/schemas}, described once each. A
 * generic type is described once per instantiation, its type parameters replaced by the arguments.
 */
final class JsonSchemas {
  static final String REF_PREFIX = "#/components/schemas/";

  private final Function<String, TypeDecl> declarations;
  private final Map<String, Object> components = new TreeMap<>();
  private final Deque<Runnable> pending = new ArrayDeque<>();

  JsonSchemas(Function<String, TypeDecl> declarations) {
    this.declarations = declarations;
  }

  /** The schema of a value of {@code type}; named types it reaches are added to {@link #components()}. */
  Map<String, Object> schema(TypeRef type) {
    return schema(type, Map.of());
  }

  /** Every named schema referenced so far, described (call after the last {@link #schema}). */
  Map<String, Object> components() {
    while (!pending.isEmpty()) {
      pending.poll().run();
    }
    return components;
  }

  /** Adds a schema under {@code name} (for schemas that are not contract types, e.g. problems). */
  void define(String name, Map<String, Object> schema) {
    components.put(name, schema);
  }

  static Map<String, Object> ref(String name) {
    return map("$ref", REF_PREFIX + name);
  }

  private Map<String, Object> schema(TypeRef type, Map<String, TypeRef> bindings) {
    return switch (type) {
      case TypeRef.Scalar scalar -> scalar(scalar.kind());
      case TypeRef.Sequence sequence -> map("type", "array", "items", schema(sequence.element(), bindings));
      case TypeRef.Dictionary dictionary -> dictionary.key() instanceof TypeRef.Named
          // an enum key: its constants are the only property names
          ? map("type", "object", "propertyNames", schema(dictionary.key(), bindings),
              "additionalProperties", schema(dictionary.value(), bindings))
          : map("type", "object", "additionalProperties", schema(dictionary.value(), bindings));
      case TypeRef.Nullable nullable -> map("anyOf", List.of(schema(nullable.type(), bindings), map("type", "null")));
      case TypeRef.TypeParameter parameter -> {
        TypeRef bound = bindings.get(parameter.name());
        yield bound == null ? map() : schema(bound, Map.of());
      }
      case TypeRef.Named named -> ref(named(named, bindings));
    };
  }

  /** The component name of a named type (with its arguments resolved), describing it on first use. */
  private String named(TypeRef.Named named, Map<String, TypeRef> bindings) {
    List<TypeRef> arguments = named.arguments().stream().map(a -> resolve(a, bindings)).toList();
    String name = arguments.isEmpty() ? named.name() : componentName(named.name(), arguments);
    if (!components.containsKey(name)) {
      components.put(name, map()); // reserved: recursive types refer to it while it is described
      pending.add(() -> components.put(name, describe(named.name(), arguments)));
    }
    return name;
  }

  /** A type argument with the enclosing bindings applied, so instantiations are named by what they hold. */
  private static TypeRef resolve(TypeRef type, Map<String, TypeRef> bindings) {
    return switch (type) {
      case TypeRef.TypeParameter parameter -> bindings.getOrDefault(parameter.name(), parameter);
      case TypeRef.Sequence sequence -> new TypeRef.Sequence(resolve(sequence.element(), bindings));
      case TypeRef.Dictionary dictionary ->
          new TypeRef.Dictionary(resolve(dictionary.key(), bindings), resolve(dictionary.value(), bindings));
      case TypeRef.Nullable nullable -> new TypeRef.Nullable(resolve(nullable.type(), bindings));
      case TypeRef.Named named -> new TypeRef.Named(named.name(),
          named.arguments().stream().map(a -> resolve(a, bindings)).toList());
      case TypeRef.Scalar scalar -> scalar;
    };
  }

  private Map<String, Object> describe(String name, List<TypeRef> arguments) {
    TypeDecl declaration = declarations.apply(name);
    if (declaration == null) {
      throw new IllegalArgumentException("the contract does not describe " + name);
    }
    return switch (declaration) {
      case TypeDecl.EnumType enumType -> map("type", "string", "enum", enumType.values());
      case TypeDecl.UnionType union -> {
        List<Object> variants = new ArrayList<>();
        Map<String, Object> mapping = new TreeMap<>();
        for (TypeDecl.Variant variant : union.variants()) {
          String variantName = named(new TypeRef.Named(variant.type(), List.of()), Map.of());
          variants.add(ref(variantName));
          mapping.put(variant.tag(), REF_PREFIX + variantName);
        }
        yield variants.isEmpty() ? map("not", map())
            : map("oneOf", variants, "discriminator", map("propertyName", union.property(), "mapping", mapping));
      }
      case TypeDecl.ObjectType object -> {
        Map<String, TypeRef> bindings = new LinkedHashMap<>();
        for (int i = 0; i < object.typeParameters().size() && i < arguments.size(); i++) {
          bindings.put(object.typeParameters().get(i), arguments.get(i));
        }
        yield object(object, bindings, Map.of());
      }
    };
  }

  /**
   * An object's schema: its discriminators as constants, its properties ({@code readOnly} when only the
   * server writes them, {@code writeOnly} when only it reads them), {@code extra} members first.
   */
  Map<String, Object> object(TypeDecl.ObjectType object, Map<String, TypeRef> bindings, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>(extra);
    List<String> required = new ArrayList<>(extra.keySet());
    for (TypeDecl.Discriminator discriminator : object.discriminators()) {
      properties.put(discriminator.property(), map("const", discriminator.tag()));
      required.add(discriminator.property());
    }
    for (TypeDecl.Property property : object.properties()) {
      Map<String, Object> schema = new LinkedHashMap<>(schema(property.type(), bindings));
      switch (property.access()) {
        case OUTPUT_ONLY -> schema.put("readOnly", true);
        case INPUT_ONLY -> schema.put("writeOnly", true);
        case READ_WRITE -> {}
      }
      properties.put(property.name(), schema);
      if (!property.optional()) {
        required.add(property.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return schema;
  }

  private static String componentName(String name, List<TypeRef> arguments) {
    StringBuilder out = new StringBuilder(name).append('_');
    for (TypeRef argument : arguments) {
      out.append(describeArgument(argument)).append('_');
    }
    return out.toString().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String describeArgument(TypeRef type) {
    return switch (type) {
      case TypeRef.Scalar scalar -> scalar.kind().contractName();
      case TypeRef.Sequence sequence -> "list-" + describeArgument(sequence.element());
      case TypeRef.Dictionary dictionary -> "map-" + describeArgument(dictionary.value());
      case TypeRef.Nullable nullable -> "nullable-" + describeArgument(nullable.type());
      case TypeRef.TypeParameter parameter -> parameter.name();
      case TypeRef.Named named -> named.arguments().isEmpty() ? named.name()
          : componentName(named.name(), named.arguments());
    };
  }

  /** The JSON form of each scalar kind (docs/TYPES.md); exhaustive, so a new kind needs a schema to compile. */
  static Map<String, Object> scalar(ScalarKind kind) {
    return switch (kind) {
      case BOOLEAN -> map("type", "boolean");
      case BYTE -> map("type", "integer", "minimum", (long) Byte.MIN_VALUE, "maximum", (long) Byte.MAX_VALUE);
      case SHORT -> map("type", "integer", "minimum", (long) Short.MIN_VALUE, "maximum", (long) Short.MAX_VALUE);
      case INT -> map("type", "integer", "format", "int32");
      case LONG, LONG_EXACT -> map("type", "integer", "format", "int64");
      case FLOAT, DOUBLE -> map("oneOf", List.of(map("type", "number", "format", kind.contractName()),
          map("type", "string", "enum", List.of("NaN", "Infinity", "-Infinity"))));
      case CHAR -> map("type", "string", "minLength", 1L, "maxLength", 1L);
      case STRING -> map("type", "string");
      // ISO-8601 text that JSON Schema has no format for (zone regions, wall-clock times, periods)
      case ZONE_ID, PERIOD, ZONED_DATE_TIME, LOCAL_DATE_TIME, LOCAL_TIME ->
          map("type", "string", "description", "ISO-8601 " + kind.contractName());
      case BIG_DECIMAL -> map("type", "string", "format", "decimal", "description", "exact digits and scale");
      case BIG_INTEGER -> map("type", "string", "pattern", "^-?[0-9]+$");
      case UUID -> map("type", "string", "format", "uuid");
      case BYTES -> map("type", "string", "contentEncoding", "base64");
      case DATE, INSTANT, OFFSET_DATE_TIME -> map("type", "string", "format", "date-time");
      case LOCAL_DATE -> map("type", "string", "format", "date");
      case DURATION -> map("type", "string", "format", "duration");
      case YEAR -> map("type", "string", "pattern", "^-?[0-9]+$");
      case YEAR_MONTH -> map("type", "string", "pattern", "^-?[0-9]+-[0-9]{2}$");
      case JSON -> map();
      case JSON_OBJECT -> map("type", "object");
      case JSON_ARRAY -> map("type", "array");
      case UPLOAD -> map("type", "string", "contentMediaType", "application/octet-stream"); // the raw body
    };
  }

  /** An insertion-ordered JSON object from alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
