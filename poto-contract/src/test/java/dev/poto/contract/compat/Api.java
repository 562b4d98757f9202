package dev.poto.contract.compat;

import static dev.poto.contract.Samples.INT;
import static dev.poto.contract.Samples.STRING;
import static dev.poto.contract.Samples.object;
import static dev.poto.contract.Samples.optional;
import static dev.poto.contract.Samples.param;
import static dev.poto.contract.Samples.property;
import static dev.poto.contract.Samples.ref;

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
import java.util.function.UnaryOperator;

/**
 * A mutable sketch of an API for the compatibility tests: {@link #base()} is the baseline, each test
 * changes one thing and builds the current contract.
 *
 * <p>Types: {@code Note} travels both ways, {@code Filter} only from clients, {@code Stats} only from
 * the server; {@code Color} both ways (inside Note), {@code Shape} only from the server.
 */
final class Api {
  static final String NOTE = "com.example.Note";
  static final String FILTER = "com.example.Filter";
  static final String STATS = "com.example.Stats";
  static final String COLOR = "com.example.Color";
  static final String LEVEL = "com.example.Level";
  static final String SHAPE = "com.example.Shape";
  static final String CIRCLE = "com.example.Circle";
  static final String SQUARE = "com.example.Square";
  static final String MISSING = "com.example.NoteMissing";

  final Map<String, Map<String, ContractMethod>> modules = new LinkedHashMap<>();
  final Map<String, String> javaTypes = new LinkedHashMap<>();
  final Map<String, TypeDecl> types = new LinkedHashMap<>();

  static Api base() {
    Api api = new Api();
    api.module("notes", "com.example.NotesModule");
    api.module("admin", "com.example.AdminModule");
    api.put("notes", new ContractMethod("add", ContractAccess.AUTHENTICATED,
        List.of(param("note", ref(NOTE)), optional("tag", STRING)),
        new ContractResult(ResultKind.VALUE, ref(NOTE)), List.of(new DeclaredError("note_exists", 409, MISSING))));
    api.put("notes", new ContractMethod("get", ContractAccess.AUTHENTICATED,
        List.of(param("id", INT), param("version", new TypeRef.Scalar(ScalarKind.LONG))),
        new ContractResult(ResultKind.VALUE, ref(NOTE)), List.of()));
    api.put("notes", new ContractMethod("list", ContractAccess.AUTHENTICATED,
        List.of(param("filter", ref(FILTER)), param("level", ref(LEVEL))),
        new ContractResult(ResultKind.VALUE, new TypeRef.Sequence(ref(NOTE))), List.of()));
    api.put("notes", new ContractMethod("feed", ContractAccess.AUTHENTICATED, List.of(),
        new ContractResult(ResultKind.STREAM, ref(NOTE)), List.of()));
    api.put("notes", new ContractMethod("stats", ContractAccess.AUTHENTICATED, List.of(),
        new ContractResult(ResultKind.VALUE, ref(STATS)), List.of()));
    api.put("notes", new ContractMethod("count", ContractAccess.AUTHENTICATED, List.of(),
        new ContractResult(ResultKind.VALUE, INT), List.of()));
    api.put("notes", new ContractMethod("ping", new ContractAccess(true, List.of()), List.of(),
        new ContractResult(ResultKind.VALUE, STRING), List.of()));
    api.put("notes", new ContractMethod("export", ContractAccess.AUTHENTICATED, List.of(),
        new ContractResult(ResultKind.BYTES, null), List.of()));
    api.put("admin", new ContractMethod("purge", new ContractAccess(false, List.of("admin")), List.of(),
        new ContractResult(ResultKind.VOID, null), List.of()));
    api.types.put(NOTE, object(property("title", STRING), property("body", new TypeRef.Nullable(STRING)),
        property("color", ref(COLOR))));
    api.types.put(FILTER, object(property("text", STRING), property("limit", new TypeRef.Nullable(INT))));
    api.types.put(STATS, object(property("count", INT), property("mean", new TypeRef.Nullable(new TypeRef.Scalar(ScalarKind.DOUBLE))),
        property("shape", ref(SHAPE))));
    api.types.put(COLOR, new TypeDecl.EnumType(List.of("RED", "GREEN")));
    api.types.put(LEVEL, new TypeDecl.EnumType(List.of("LOW", "HIGH")));
    api.types.put(SHAPE, new TypeDecl.UnionType("kind", List.of(new TypeDecl.Variant("circle", CIRCLE),
        new TypeDecl.Variant("square", SQUARE))));
    api.types.put(CIRCLE, new TypeDecl.ObjectType(List.of(), List.of(new TypeDecl.Discriminator("kind", "circle")),
        List.of(property("radius", new TypeRef.Scalar(ScalarKind.DOUBLE)))));
    api.types.put(SQUARE, new TypeDecl.ObjectType(List.of(), List.of(new TypeDecl.Discriminator("kind", "square")),
        List.of(property("side", new TypeRef.Scalar(ScalarKind.DOUBLE)))));
    api.types.put(MISSING, object(property("noteId", INT)));
    return api;
  }

  Api module(String route, String javaType) {
    modules.put(route, new LinkedHashMap<>());
    javaTypes.put(route, javaType);
    return this;
  }

  Api put(String route, ContractMethod method) {
    modules.get(route).put(method.name(), method);
    return this;
  }

  Api remove(String route, String method) {
    modules.get(route).remove(method);
    return this;
  }

  Api method(String route, String name, UnaryOperator<ContractMethod> change) {
    modules.get(route).put(name, change.apply(modules.get(route).get(name)));
    return this;
  }

  Api params(String route, String name, UnaryOperator<List<ContractParam>> change) {
    return method(route, name, m -> new ContractMethod(m.name(), m.access(), change.apply(new ArrayList<>(m.params())),
        m.result(), m.errors()));
  }

  Api result(String route, String name, ContractResult result) {
    return method(route, name, m -> new ContractMethod(m.name(), m.access(), m.params(), result, m.errors()));
  }

  Api access(String route, String name, ContractAccess access) {
    return method(route, name, m -> new ContractMethod(m.name(), access, m.params(), m.result(), m.errors()));
  }

  Api errors(String route, String name, DeclaredError... errors) {
    return method(route, name, m -> new ContractMethod(m.name(), m.access(), m.params(), m.result(), List.of(errors)));
  }

  Api properties(String type, UnaryOperator<List<TypeDecl.Property>> change) {
    TypeDecl.ObjectType object = (TypeDecl.ObjectType) types.get(type);
    types.put(type, new TypeDecl.ObjectType(object.typeParameters(), object.discriminators(),
        change.apply(new ArrayList<>(object.properties()))));
    return this;
  }

  Contract build() {
    List<ContractModule> built = new ArrayList<>();
    modules.forEach((route, methods) -> built.add(new ContractModule(route, javaTypes.get(route), List.copyOf(methods.values()))));
    return Contract.of(built, types);
  }
}
