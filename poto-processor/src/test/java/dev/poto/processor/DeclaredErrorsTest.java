package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.poto.contract.Contract;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.contract.json.ContractJson;
import dev.poto.contract.openapi.OpenApiDocument;
import dev.poto.protocol.DeclaredError;
import dev.poto.protocol.DomainException;
import dev.poto.protocol.GenericTypes;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A method's {@code throws} clause becomes its declared errors: in the descriptor and the Java client. */
class DeclaredErrorsTest {
  private static final JavaFileObject NOT_FOUND = JavaFileObjects.forSourceLines("com.example.NoteNotFound",
      "package com.example;",
      "import dev.poto.annotations.RpcError;",
      "import dev.poto.protocol.DomainException;",
      "import java.util.List;",
      "@RpcError(code = \"note_not_found\", status = 404)",
      "public final class NoteNotFound extends DomainException {",
      "  private final long noteId;",
      "  private final String hint;",
      "  private final List<String> nearby;",
      "  public NoteNotFound(long noteId, @Nullable String hint, List<String> nearby) {",
      "    super(\"No note \" + noteId);",
      "    this.noteId = noteId; this.hint = hint; this.nearby = nearby;",
      "  }",
      "  public long noteId() { return noteId; }",
      "  public String hint() { return hint; }",
      "  public List<String> nearby() { return nearby; }",
      "}");
  private static final JavaFileObject LOCKED = JavaFileObjects.forSourceLines("com.example.Locked",
      "package com.example;",
      "import dev.poto.annotations.RpcError;",
      "import dev.poto.protocol.DomainException;",
      "@RpcError(code = \"locked\", status = 409)",
      "public final class Locked extends DomainException {",
      "  public Locked() { super(\"Locked\"); }",
      "}");
  private static final JavaFileObject NOTES = JavaFileObjects.forSourceLines("com.example.Notes",
      "package com.example;",
      "import dev.poto.annotations.*;",
      "import java.io.IOException;",
      "public class Notes {",
      "  @Rpc public String get(long id) throws NoteNotFound { return \"\"; }",
      "  @Rpc public void edit(long id, String text) throws NoteNotFound, Locked, IOException {}",
      "  @Rpc public int count() { return 0; }",
      "}");

  private static Compilation compile() {
    return ProcessorTestSupport.compile(NOTES, NOT_FOUND, LOCKED, ProcessorTestSupport.NULLABLE);
  }

  @Test
  void descriptorDeclaresEachErrorOnceAndEachMethodItsOwn(@TempDir Path classes) throws Exception {
    Compilation c = compile();
    assertThat(c).succeeded();
    // The error classes above draw javac's serialization lints; generated code draws none.
    assertThat(c.warnings()).allSatisfy(w -> assertThat(w.getSource().getName()).doesNotContain("Notes"));
    try (URLClassLoader loader = CompiledClasses.load(c, classes)) {
      Class<?> descriptor = loader.loadClass("com.example.NotesDescriptor");
      @SuppressWarnings("unchecked")
      List<RpcMethod> methods = (List<RpcMethod>) descriptor.getField("METHODS").get(null);
      RpcMethod get = methods.get(0);
      RpcMethod edit = methods.get(1);
      assertThat(get.errors()).hasSize(1);
      assertThat(edit.errors()).hasSize(2); // IOException is no declared error: it stays a 500
      assertThat(methods.get(2).errors()).isEmpty();
      DeclaredError<?> notFound = get.errors().getFirst();
      assertThat(edit.errors().getFirst()).isSameAs(notFound);
      assertThat(notFound.code()).isEqualTo("note_not_found");
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.fields()).containsExactly(
          new RpcParam("noteId", long.class, true),
          new RpcParam("hint", String.class, false),
          new RpcParam("nearby", GenericTypes.generic(List.class, String.class), true));
      assertThat(edit.errors().get(1).code()).isEqualTo("locked");
      assertThat(edit.errors().get(1).fields()).isEmpty();

      // The client's way in, and the server's way out, without reflection on the error class.
      DomainException made = notFound.create(new Object[] {7L, null, List.of("a")}, "req-1");
      assertThat(made.getClass().getName()).isEqualTo("com.example.NoteNotFound");
      assertThat(made.code()).isEqualTo("note_not_found");
      assertThat(made.status()).isEqualTo(404);
      assertThat(made.requestId()).isEqualTo("req-1");
      assertThat(made.getMessage()).isEqualTo("No note 7");
      assertThat(notFound.values(made)).containsExactly(7L, null, List.of("a"));
      assertThat(get.declaredFor(made)).isSameAs(notFound);
      assertThat(get.declaredWithCode("locked")).isNull();
    }
  }

  @Test
  void javaClientMethodsDeclareTheSameErrors() {
    Compilation c = compile();
    String client = ProcessorTestSupport.generatedSource(c, "com.example.NotesClient").orElseThrow();
    assertThat(client).contains("public String get(long id) throws NoteNotFound {");
    assertThat(client).contains("public void edit(long id, String text) throws NoteNotFound, Locked {");
    assertThat(client).contains("public int count() {");
  }

  @Test
  void contractListsEachMethodsErrorsAndTheirFields() {
    Compilation compilation = compile();
    Contract contract = ContractJson.read(ContractOutputTest.contractText(compilation));
    // The OpenAPI document is written next to the contract, from it.
    assertThat(ProcessorTestSupport.content(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "",
            OpenApiDocument.CLASS_PATH_LOCATION).orElseThrow()))
        .isEqualTo(OpenApiDocument.write(contract))
        .contains("\"const\":\"note_not_found\"");
    ContractModule notes = contract.module("Notes").orElseThrow();
    assertThat(notes.method("get").orElseThrow().errors())
        .containsExactly(new dev.poto.contract.DeclaredError("note_not_found", 404, "com.example.NoteNotFound"));
    assertThat(notes.method("edit").orElseThrow().errors()).containsExactly( // sorted by code
        new dev.poto.contract.DeclaredError("locked", 409, "com.example.Locked"),
        new dev.poto.contract.DeclaredError("note_not_found", 404, "com.example.NoteNotFound"));
    assertThat(notes.method("count").orElseThrow().errors()).isEmpty();
    assertThat(contract.type("com.example.NoteNotFound")).contains(new TypeDecl.ObjectType(List.of(), List.of(), List.of(
        new TypeDecl.Property("noteId", new TypeRef.Scalar(ScalarKind.LONG), false, TypeDecl.Access.OUTPUT_ONLY),
        new TypeDecl.Property("hint", new TypeRef.Nullable(new TypeRef.Scalar(ScalarKind.STRING)), true, TypeDecl.Access.OUTPUT_ONLY),
        new TypeDecl.Property("nearby", new TypeRef.Sequence(new TypeRef.Scalar(ScalarKind.STRING)), false,
            TypeDecl.Access.OUTPUT_ONLY))));
    assertThat(contract.type("com.example.Locked")).contains(new TypeDecl.ObjectType(List.of(), List.of(), List.of()));
  }
}
