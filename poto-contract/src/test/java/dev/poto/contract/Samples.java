package dev.poto.contract;

import dev.poto.protocol.ResultKind;
import java.util.List;
import java.util.Map;

/** Small contracts for the tests, built in code. */
public final class Samples {
  private Samples() {}

  public static final TypeRef STRING = new TypeRef.Scalar(ScalarKind.STRING);
  public static final TypeRef INT = new TypeRef.Scalar(ScalarKind.INT);

  public static TypeRef ref(String name, TypeRef... arguments) {
    return new TypeRef.Named(name, List.of(arguments));
  }

  public static ContractParam param(String name, TypeRef type) {
    return new ContractParam(name, type, true);
  }

  public static ContractParam optional(String name, TypeRef type) {
    return new ContractParam(name, new TypeRef.Nullable(type.nonNull()), false);
  }

  public static ContractMethod method(String name, TypeRef result, ContractParam... params) {
    return new ContractMethod(name, ContractAccess.AUTHENTICATED, List.of(params),
        new ContractResult(ResultKind.VALUE, result), List.of());
  }

  public static TypeDecl.Property property(String name, TypeRef type) {
    return new TypeDecl.Property(name, type, type.nullable(), TypeDecl.Access.READ_WRITE);
  }

  public static TypeDecl.ObjectType object(TypeDecl.Property... properties) {
    return new TypeDecl.ObjectType(List.of(), List.of(), List.of(properties));
  }

  public static Contract contract(List<ContractMethod> methods, Map<String, TypeDecl> types) {
    return Contract.of(List.of(new ContractModule("notes", "com.example.NotesModule", methods)), types);
  }

  /** A contract using every form: access, params, results, scalars, lists, maps, generics, enums, unions. */
  public static Contract everything() {
    ContractMethod add = new ContractMethod("add", new ContractAccess(false, List.of("writer", "admin")),
        List.of(param("note", ref("com.example.Note")), optional("tag", STRING)),
        new ContractResult(ResultKind.VALUE, new TypeRef.Nullable(ref("com.example.Note"))),
        List.of(new DeclaredError("note_exists", 409, "com.example.NoteExists")));
    ContractMethod feed = new ContractMethod("feed", new ContractAccess(true, List.of()),
        List.of(param("byColor", new TypeRef.Dictionary(ref("com.example.Color"), new TypeRef.Sequence(INT)))),
        new ContractResult(ResultKind.STREAM, ref("com.example.Page", ref("com.example.Shape"))), List.of());
    ContractMethod raw = new ContractMethod("raw", ContractAccess.AUTHENTICATED, List.of(),
        new ContractResult(ResultKind.BYTES, null), List.of());
    return Contract.of(
        List.of(new ContractModule("notes", "com.example.NotesModule", List.of(raw, add, feed)),
            new ContractModule("admin \"quoted\" \u00e9\u2028", "com.example.Admin", List.of())),
        Map.of(
            "com.example.Note", object(property("title", STRING), property("body", new TypeRef.Nullable(STRING))),
            "com.example.NoteExists", object(property("noteId", new TypeRef.Scalar(ScalarKind.UUID))),
            "com.example.Color", new TypeDecl.EnumType(List.of("RED", "GREEN")),
            "com.example.Page", new TypeDecl.ObjectType(List.of("T"), List.of(),
                List.of(new TypeDecl.Property("items", new TypeRef.Sequence(new TypeRef.TypeParameter("T")), false,
                    TypeDecl.Access.OUTPUT_ONLY))),
            "com.example.Shape", new TypeDecl.UnionType("kind", List.of(new TypeDecl.Variant("circle", "com.example.Circle"))),
            "com.example.Circle", new TypeDecl.ObjectType(List.of(), List.of(new TypeDecl.Discriminator("kind", "circle")),
                List.of(property("radius", new TypeRef.Scalar(ScalarKind.DOUBLE))))));
  }
}
