package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.poto.contract.ScalarKind;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.writer.TypeScriptWriter;
import dev.poto.tsgen.TsRuntimeFiles;
import dev.poto.tsgen.mapping.WireToTs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TypeScript hook: files on the class path and in -Apoto.ts.out, TS problems as compile errors. */
class TypeScriptOutputTest {
  private static final String DIR = TypeScriptWriter.CLASS_PATH_DIR;

  private static Compilation compile(List<String> options, JavaFileObject... sources) {
    List<String> allOptions = new ArrayList<>(List.of("-Xlint:all,-processing"));
    allOptions.addAll(options);
    return Compiler.javac().withProcessors(new PotoProcessor()).withOptions(allOptions).compile(sources);
  }

  @Test
  void theClientIsWrittenToTheClassPathForTheRuntimeToServe() {
    Compilation c = compile(List.of(), ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
    assertThat(c).succeeded();
    Map<String, String> files = clientFiles(c);
    assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(Stream.concat(
        Stream.of("codecs.d.ts", "codecs.js", "codecs.ts", "todo.d.ts", "todo.js", "todo.ts", "types.d.ts", "types.js",
            "types.ts"),
        TsRuntimeFiles.NAMES.stream()).toList());
    assertThat(files.get("todo.ts"))
        .contains("export class TodoModuleClient")
        // @Nullable and Optional parameters may be left out; the stream is an AsyncIterable.
        .contains("add(title: string, note: string | null | undefined, priority: number, opts?: CallOptions): Promise<Todo>")
        .contains("list(filter?: string | null, opts?: CallOptions)")
        .contains("feed(limit: number, opts?: CallOptions): AsyncIterable<Todo>")
        .contains("export(options: Record<string, number>, opts?: CallOptions): Promise<Uint8Array>")
        .contains("download(name: string, opts?: CallOptions): Promise<ReadableStream<Uint8Array>>");
    assertThat(files.get("todo.js")).doesNotContain(": string").contains("class TodoModuleClient");
  }

  /**
   * Nullability has one source, the parameter's wire shape: the descriptor's required flag (the server)
   * and the TypeScript parameter agree for every way Java says "may be absent".
   */
  @Test
  void theServerAndTheTypeScriptClientReadNullabilityFromTheSameModel() {
    JavaFileObject typeUse = JavaFileObjects.forSourceLines("org.example.lib.Nullable",
        "package org.example.lib;",
        "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
        "public @interface Nullable {}");
    JavaFileObject module = JavaFileObjects.forSourceLines("com.example.Absent",
        "package com.example;",
        "import dev.poto.annotations.Rpc;",
        "import java.util.*;",
        "public class Absent {",
        "  @Rpc public String take(@org.example.lib.Nullable String a, @com.example.Nullable String b,"
            + " Optional<String> c, OptionalInt d, OptionalLong e, OptionalDouble f, String g, int h) { return g; }",
        "}");
    Compilation c = compile(List.of(), typeUse, ProcessorTestSupport.NULLABLE, module);
    assertThat(c).succeeded();
    String descriptor = ProcessorTestSupport.generatedSource(c, "com.example.AbsentDescriptor").orElseThrow();
    assertThat(descriptor).contains("VALUE String take(String? a, String? b, Optional<String>? c, OptionalInt? d,"
        + " OptionalLong? e, OptionalDouble? f, String g, int h)");
    assertThat(clientFiles(c).get("Absent.ts")).contains("take(a: string | null | undefined,"
        + " b: string | null | undefined, c: string | null | undefined, d: number | null | undefined,"
        + " e: number | null | undefined, f: number | null | undefined, g: string, h: number, opts?: CallOptions)");
  }

  /**
   * One gate: validation builds the wire model, the TypeScript generator only renders it. Types the
   * generator once refused after validation passed (number, UUID and date keys, same simple names,
   * JsonNode, beans, reserved words, java.time) compile into a client without any problem.
   */
  @Test
  void everyModuleValidationAcceptsGetsAClient() {
    JavaFileObject itemA = JavaFileObjects.forSourceLines("com.example.a.Item",
        "package com.example.a;", "public record Item(String name) {}");
    JavaFileObject itemB = JavaFileObjects.forSourceLines("com.example.b.Item",
        "package com.example.b;", "public record Item(int count) {}");
    JavaFileObject bean = JavaFileObjects.forSourceLines("com.example.Account",
        "package com.example;",
        "public class Account {",
        "  private long balance;",
        "  public String owner = \"\";",
        "  public long getBalance() { return balance; }",
        "  public String getSummary() { return owner + balance; }",
        "}");
    JavaFileObject module = JavaFileObjects.forSourceLines(
        "com.example.Keys",
        "package com.example;",
        "import dev.poto.annotations.LongAsBigInt;",
        "import dev.poto.annotations.Rpc;",
        "import java.util.*;",
        "import java.time.*;",
        "public class Keys {",
        "  @Rpc public Map<Integer, String> byNumber(Map<Long, String> longs, Map<UUID, Integer> ids,",
        "      Map<LocalDate, String> days) { return null; }",
        "  @Rpc public com.example.a.Item one(com.example.b.Item other) { return null; }",
        "  @Rpc public com.fasterxml.jackson.databind.JsonNode any(com.fasterxml.jackson.databind.node.ObjectNode o) { return null; }",
        "  @Rpc public Account account(Account in) { return in; }",
        "  @Rpc public void remove(String delete, String function) {}",
        "  @Rpc public ZonedDateTime times(Instant a, LocalTime b, Period c, Year d, YearMonth e, ZoneId f, Date g) { return null; }",
        "  @Rpc @LongAsBigInt public List<Long> big(@LongAsBigInt long id) { return null; }",
        "}");
    Compilation c = compile(List.of(), module, itemA, itemB, bean);
    assertThat(c).succeeded();
    Map<String, String> files = clientFiles(c);
    assertThat(files.get("types.ts")).contains("export interface a_Item {").contains("export interface b_Item {")
        .contains("readonly summary?: string;").contains("balance: number;").contains("owner: string;");
    assertThat(files.get("Keys.ts"))
        .contains("byNumber(longs: Record<string, string>, ids: Record<string, number>, days: Record<string, string>,")
        .contains("remove(delete_: string, function_: string, opts?: CallOptions)")
        .contains("{ delete: delete_, function: function_ }")
        .contains("any(o: JsonObject, opts?: CallOptions): Promise<JsonValue>")
        .contains("times(a: string, b: string, c: string, d: string, e: string, f: string, g: Date, opts?: CallOptions): Promise<string>")
        .contains("big(id: bigint, opts?: CallOptions): Promise<bigint[]>");
  }

  /**
   * Every Java type of every scalar kind of the wire model passes validation, as a parameter and as a
   * result, and comes out as the TypeScript type the renderer gives its kind: the two ends of the one
   * gate agree kind by kind.
   */
  @Test
  void everyScalarKindIsAcceptedAndRenderedAsItsTypeScriptType() {
    List<String> lines = new ArrayList<>(List.of("package com.example;", "import dev.poto.annotations.Rpc;",
        "public class Kinds {"));
    List<String> expected = new ArrayList<>();
    int n = 0;
    for (ScalarKind kind : ScalarKind.values()) {
      for (String javaName : kind.javaNames()) {
        String ts = WireToTs.scalar(kind).typeScript();
        lines.add("  @Rpc public " + javaName + " m" + n + "(" + javaName + " v) { return v; }");
        expected.add("m" + n + "(v: " + ts + ", opts?: CallOptions): Promise<" + ts + ">");
        n++;
      }
    }
    lines.add("  @Rpc public byte[] bytes(byte[] v) { return v; }");
    lines.add("  @Rpc public long exact(@dev.poto.annotations.LongAsBigInt long v) { return v; }");
    lines.add("}");
    expected.add("bytes(v: " + WireToTs.scalar(ScalarKind.BYTES).typeScript() + ", opts?: CallOptions): Promise<Uint8Array>");
    expected.add("exact(v: " + WireToTs.scalar(ScalarKind.LONG_EXACT).typeScript() + ", opts?: CallOptions): Promise<number>");
    Compilation c = compile(List.of(), JavaFileObjects.forSourceLines("com.example.Kinds", lines.toArray(String[]::new)));
    assertThat(c).succeeded();
    String client = clientFiles(c).get("Kinds.ts");
    for (String signature : expected) {
      assertThat(client).contains(signature);
    }
  }

  @Test
  void aTypeWithoutWireFormFailsValidationOnItsElementAndNothingIsWritten(@TempDir Path out) throws Exception {
    JavaFileObject module = JavaFileObjects.forSourceLines(
        "com.example.Keys",
        "package com.example;",
        "import dev.poto.annotations.Rpc;",
        "import java.util.Map;",
        "public class Keys {",
        "  @Rpc public int count(",
        "      Map<Double, String> byNumber) { return 0; }",
        "}");
    Compilation c = compile(List.of(), module);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(Messages.Id.UnsupportedParameterType.tag()).inFile(module)
        .onLineContaining("Map<Double, String> byNumber");
    assertThat(c).hadErrorContaining("map key java.lang.Double is not written exactly");
    assertThat(ProcessorTestSupport.generateInto(out, module)).isFalse();
    assertThat(out.resolve("com/example/KeysDispatcher.java")).doesNotExist();
    assertThat(out.resolve(DIR)).doesNotExist();
  }

  @Test
  void longsAreBigIntsForTheWholeCompilationWhenAsked() {
    JavaFileObject module = JavaFileObjects.forSourceLines(
        "com.example.Ids",
        "package com.example;",
        "import dev.poto.annotations.LongAsBigInt;",
        "import dev.poto.annotations.Rpc;",
        "public class Ids {",
        "  @Rpc public long next(Long after) { return 0; }",
        "  @Rpc @LongAsBigInt(false) public long small() { return 0; }",
        "}");
    Compilation c = compile(List.of("-Apoto.ts.long=bigint"), module);
    assertThat(c).succeeded();
    assertThat(clientFiles(c).get("Ids.ts"))
        .contains("next(after: bigint, opts?: CallOptions): Promise<bigint>")
        .contains("small(opts?: CallOptions): Promise<number>");
    assertThat(compile(List.of("-Apoto.ts.long=string"), module))
        .hadErrorContaining(Messages.invalidOption("poto.ts.long", "string", "number or bigint"));
  }

  @Test
  void theOutDirOptionWritesTheSameFilesAndRemovesStaleGeneratedOnes(@TempDir Path out) throws Exception {
    Files.writeString(out.resolve("gone.ts"), "// Generated by Poto. Do not edit.\nexport {};\n");
    Files.writeString(out.resolve("mine.ts"), "// hand-written, must survive\n");
    Compilation c = compile(List.of("-Apoto.ts.out=" + out),
        ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
    assertThat(c).succeeded();
    Map<String, String> onDisk = new TreeMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path file : files.toList()) {
        onDisk.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    Map<String, String> expected = new TreeMap<>(clientFiles(c));
    expected.put("mine.ts", "// hand-written, must survive\n");
    assertThat(onDisk).isEqualTo(expected);
  }

  @Test
  void theClientCanBeTurnedOff() {
    Compilation c = compile(List.of("-Apoto.ts=false"), ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
    assertThat(c).succeeded();
    assertThat(clientFiles(c)).isEmpty();
    assertThat(c).generatedSourceFile("com.example.TodoModuleClient");
  }

  @Test
  void anInvalidSwitchValueIsAnError() {
    Compilation c = compile(List.of("-Apoto.ts=yes"), ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
    assertThat(c).hadErrorContaining(Messages.invalidOption("poto.ts", "yes", "true or false"));
  }

  @Test
  void anUnwritableOutDirIsAnErrorThatNamesTheOption(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    Compilation c = compile(List.of("-Apoto.ts.out=" + file),
        ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(Messages.Id.TsOutputFailed.tag() + " Could not write the TypeScript client to " + file);
  }

  /** File name to text of the client files the compilation wrote to the class output. */
  private static Map<String, String> clientFiles(Compilation c) {
    Map<String, String> files = new TreeMap<>();
    for (JavaFileObject file : c.generatedFiles()) {
      String uri = file.toUri().toString();
      int at = uri.indexOf(DIR);
      if (at >= 0) {
        files.put(uri.substring(at + DIR.length()), ProcessorTestSupport.content(file));
      }
    }
    // The class output is where they are: the same names resolve through the CLASS_OUTPUT location.
    files.keySet().forEach(name -> assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, DIR + name));
    return files;
  }
}
