package dev.poto.contract.json;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.DeclaredError;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.protocol.ResultKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The contract's file form (docs/CONTRACT.md): {@link #write} is deterministic (equal contracts give
 * byte-identical text), {@link #read} refuses anything it does not fully understand, naming the place.
 */
public final class ContractJson {
  private ContractJson() {}

  public static String write(Contract contract) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("formatVersion", (long) contract.formatVersion());
    root.put("modules", contract.modules().stream().map(ContractJson::module).toList());
    Map<String, Object> types = new TreeMap<>();
    contract.types().forEach((name, decl) -> types.put(name, decl(decl)));
    root.put("types", types);
    return JsonText.write(root);
  }

  /**
   * @throws JsonFormatException when {@code text} is not JSON, not a contract, or of another format version
   */
  public static Contract read(String text) {
    Node root = new Node(JsonText.parse(text), "$");
    Node version = root.field("formatVersion");
    long formatVersion = version.asLong();
    if (formatVersion != Contract.FORMAT_VERSION) {
      throw new JsonFormatException("Contract format version " + formatVersion + " is not supported: this Poto reads version "
          + Contract.FORMAT_VERSION + ". Regenerate the contract with this Poto version.");
    }
    List<ContractModule> modules = root.field("modules").list(ContractJson::readModule);
    Map<String, TypeDecl> types = new TreeMap<>();
    root.field("types").members().forEach((name, node) -> types.put(name, readDecl(node)));
    root.noOtherFields("formatVersion", "modules", "types");
    try {
      return new Contract((int) formatVersion, modules, new TreeMap<>(types));
    } catch (IllegalArgumentException e) {
      throw new JsonFormatException("Not a valid contract: " + e.getMessage());
    }
  }

  private static Map<String, Object> module(ContractModule module) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("route", module.route());
    out.put("javaType", module.javaType());
    out.put("methods", module.methods().stream().map(ContractJson::method).toList());
    return out;
  }

  private static Map<String, Object> method(ContractMethod method) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", method.name());
    Map<String, Object> access = new LinkedHashMap<>();
    access.put("public", method.access().publicAccess());
    access.put("roles", List.copyOf(method.access().roles()));
    out.put("access", access);
    out.put("params", method.params().stream().map(p -> {
      Map<String, Object> param = new LinkedHashMap<>();
      param.put("name", p.name());
      param.put("type", type(p.type()));
      param.put("required", p.required());
      return param;
    }).toList());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("kind", method.result().kind().name());
    if (method.result().type() != null) {
      result.put("type", type(method.result().type()));
    }
    out.put("result", result);
    out.put("errors", method.errors().stream().map(e -> {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", e.code());
      error.put("status", (long) e.status());
      error.put("type", e.type());
      return error;
    }).toList());
    return out;
  }

  static Object type(TypeRef type) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (type) {
      case TypeRef.Scalar(ScalarKind kind) -> out.put("scalar", kind.contractName());
      case TypeRef.Sequence(TypeRef element) -> out.put("list", type(element));
      case TypeRef.Dictionary(TypeRef key, TypeRef value) -> {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("key", type(key));
        map.put("value", type(value));
        out.put("map", map);
      }
      case TypeRef.Nullable(TypeRef inner) -> out.put("nullable", type(inner));
      case TypeRef.Named(String name, List<TypeRef> arguments) -> {
        out.put("ref", name);
        if (!arguments.isEmpty()) {
          out.put("args", arguments.stream().map(ContractJson::type).toList());
        }
      }
      case TypeRef.TypeParameter(String name) -> out.put("typeParameter", name);
    }
    return out;
  }

  private static Map<String, Object> decl(TypeDecl decl) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (decl) {
      case TypeDecl.ObjectType object -> {
        out.put("kind", "object");
        if (!object.typeParameters().isEmpty()) {
          out.put("typeParameters", List.copyOf(object.typeParameters()));
        }
        if (!object.discriminators().isEmpty()) {
          out.put("discriminators", object.discriminators().stream().map(d -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("property", d.property());
            one.put("tag", d.tag());
            return one;
          }).toList());
        }
        out.put("properties", object.properties().stream().map(p -> {
          Map<String, Object> property = new LinkedHashMap<>();
          property.put("name", p.name());
          property.put("type", type(p.type()));
          property.put("optional", p.optional());
          if (p.access() != TypeDecl.Access.READ_WRITE) {
            property.put("access", p.access().name());
          }
          return property;
        }).toList());
      }
      case TypeDecl.EnumType enumType -> {
        out.put("kind", "enum");
        out.put("values", List.copyOf(enumType.values()));
      }
      case TypeDecl.UnionType union -> {
        out.put("kind", "union");
        out.put("property", union.property());
        out.put("variants", union.variants().stream().map(v -> {
          Map<String, Object> variant = new LinkedHashMap<>();
          variant.put("tag", v.tag());
          variant.put("type", v.type());
          return variant;
        }).toList());
      }
    }
    return out;
  }

  private static ContractModule readModule(Node node) {
    ContractModule module = new ContractModule(
        node.field("route").asString(), node.field("javaType").asString(), node.field("methods").list(ContractJson::readMethod));
    node.noOtherFields("route", "javaType", "methods");
    return module;
  }

  private static ContractMethod readMethod(Node node) {
    Node access = node.field("access");
    ContractAccess readAccess = new ContractAccess(access.field("public").asBoolean(), access.field("roles").list(Node::asString));
    access.noOtherFields("public", "roles");
    List<ContractParam> params = node.field("params").list(p -> {
      ContractParam param = new ContractParam(p.field("name").asString(), readType(p.field("type")), p.field("required").asBoolean());
      p.noOtherFields("name", "type", "required");
      return param;
    });
    Node result = node.field("result");
    ContractResult readResult = result.wrap(() -> new ContractResult(result.field("kind").asEnum(ResultKind.class),
        result.has("type") ? readType(result.field("type")) : null));
    result.noOtherFields("kind", "type");
    List<DeclaredError> errors = node.field("errors").list(e -> {
      DeclaredError error = new DeclaredError(e.field("code").asString(), (int) e.field("status").asLong(), e.field("type").asString());
      e.noOtherFields("code", "status", "type");
      return error;
    });
    node.noOtherFields("name", "access", "params", "result", "errors");
    return new ContractMethod(node.field("name").asString(), readAccess, params, readResult, errors);
  }

  static TypeRef readType(Node node) {
    Map<String, Node> members = node.members();
    if (members.containsKey("ref")) {
      node.noOtherFields("ref", "args");
      return new TypeRef.Named(node.field("ref").asString(),
          node.has("args") ? node.field("args").list(ContractJson::readType) : List.of());
    }
    if (members.size() != 1) {
      throw node.error("a type has exactly one of scalar, list, map, nullable, ref, typeParameter");
    }
    var only = members.entrySet().iterator().next();
    Node inner = only.getValue();
    return switch (only.getKey()) {
      case "scalar" -> {
        ScalarKind kind = ScalarKind.forContractName(inner.asString());
        if (kind == null) {
          throw inner.error("unknown scalar " + inner.asString());
        }
        yield new TypeRef.Scalar(kind);
      }
      case "list" -> new TypeRef.Sequence(readType(inner));
      case "map" -> {
        inner.noOtherFields("key", "value");
        yield new TypeRef.Dictionary(readType(inner.field("key")), readType(inner.field("value")));
      }
      case "nullable" -> {
        TypeRef type = readType(inner);
        if (type instanceof TypeRef.Nullable) {
          throw inner.error("nullable inside nullable");
        }
        yield new TypeRef.Nullable(type);
      }
      case "typeParameter" -> new TypeRef.TypeParameter(inner.asString());
      default -> throw node.error("unknown type form '" + only.getKey() + "'");
    };
  }

  private static TypeDecl readDecl(Node node) {
    String kind = node.field("kind").asString();
    return switch (kind) {
      case "object" -> {
        node.noOtherFields("kind", "typeParameters", "discriminators", "properties");
        List<String> typeParameters = node.has("typeParameters") ? node.field("typeParameters").list(Node::asString) : List.of();
        List<TypeDecl.Discriminator> discriminators = node.has("discriminators")
            ? node.field("discriminators").list(d -> {
                d.noOtherFields("property", "tag");
                return new TypeDecl.Discriminator(d.field("property").asString(), d.field("tag").asString());
              })
            : List.of();
        List<TypeDecl.Property> properties = node.field("properties").list(p -> {
          p.noOtherFields("name", "type", "optional", "access");
          return new TypeDecl.Property(p.field("name").asString(), readType(p.field("type")), p.field("optional").asBoolean(),
              p.has("access") ? p.field("access").asEnum(TypeDecl.Access.class) : TypeDecl.Access.READ_WRITE);
        });
        yield new TypeDecl.ObjectType(typeParameters, discriminators, properties);
      }
      case "enum" -> {
        node.noOtherFields("kind", "values");
        yield new TypeDecl.EnumType(node.field("values").list(Node::asString));
      }
      case "union" -> {
        node.noOtherFields("kind", "property", "variants");
        yield new TypeDecl.UnionType(node.field("property").asString(), node.field("variants").list(v -> {
          v.noOtherFields("tag", "type");
          return new TypeDecl.Variant(v.field("tag").asString(), v.field("type").asString());
        }));
      }
      default -> throw node.field("kind").error("unknown type kind '" + kind + "' (object, enum or union)");
    };
  }

  /** A parsed value and its path in the document, for messages. */
  record Node(Object value, String path) {
    Map<String, Node> members() {
      if (!(value instanceof Map<?, ?> map)) {
        throw error("expected an object");
      }
      Map<String, Node> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, new Node(v, path + "." + k)));
      return out;
    }

    boolean has(String name) {
      return members().containsKey(name);
    }

    Node field(String name) {
      Node found = members().get(name);
      if (found == null) {
        throw error("missing '" + name + "'");
      }
      return found;
    }

    void noOtherFields(String... known) {
      List<String> allowed = List.of(known);
      for (String key : members().keySet()) {
        if (!allowed.contains(key)) {
          throw error("unknown field '" + key + "'");
        }
      }
    }

    <T> List<T> list(Function<Node, T> item) {
      if (!(value instanceof List<?> items)) {
        throw error("expected an array");
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(item.apply(new Node(items.get(i), path + "[" + i + "]")));
      }
      return out;
    }

    String asString() {
      if (!(value instanceof String s)) {
        throw error("expected a string");
      }
      return s;
    }

    boolean asBoolean() {
      if (!(value instanceof Boolean b)) {
        throw error("expected true or false");
      }
      return b;
    }

    long asLong() {
      if (!(value instanceof Long l)) {
        throw error("expected an integer");
      }
      return l;
    }

    <E extends Enum<E>> E asEnum(Class<E> type) {
      String name = asString();
      try {
        return Enum.valueOf(type, name);
      } catch (IllegalArgumentException e) {
        throw error("unknown value '" + name + "'");
      }
    }

    <T> T wrap(java.util.function.Supplier<T> build) {
      try {
        return build.get();
      } catch (JsonFormatException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    JsonFormatException error(String what) {
      return new JsonFormatException("Not a valid contract at " + path + ": " + what);
    }
  }
}
