package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.contract.Contract;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractParam;
import dev.poto.contract.TypeRef;
import dev.poto.contract.json.ContractJson;
import dev.poto.contract.openapi.OpenApiDocument;
import dev.poto.processor.writer.TypeScriptWriter;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * An {@code Upload} parameter is one shape of the wire model ({@code upload}), so every output sees it:
 * the descriptor and dispatcher pass it through, the Java client takes it, the TypeScript client sends
 * it as the body, the contract names it and OpenAPI describes the raw body with {@code Poto-Args}.
 */
class UploadParameterTest {
  private static final JavaFileObject FILES = JavaFileObjects.forSourceString("com.example.FilesModule", """
      package com.example;
      import dev.poto.annotations.*;
      import dev.poto.protocol.Upload;
      @RpcModule("files")
      public class FilesModule {
        public record Stored(String folder, long size) {}
        /** Stores the upload. */
        @Rpc public Stored store(String folder, Upload file, @Nullable String note) { return new Stored(folder, 0); }
        @Rpc public void only(Upload data) {}
      }
      """);

  private static Compilation compile() {
    Compilation c = ProcessorTestSupport.compile(FILES, ProcessorTestSupport.NULLABLE);
    assertThat(c).succeededWithoutWarnings();
    return c;
  }

  @Test
  void theJavaOutputsPassTheUploadThrough() {
    Compilation c = compile();
    assertThat(ProcessorTestSupport.generatedSource(c, "com.example.FilesModuleDescriptor").orElseThrow())
        .contains("VALUE Stored store(String folder, Upload file, String? note)")
        .contains("Upload.class");
    assertThat(ProcessorTestSupport.generatedSource(c, "com.example.FilesModuleDispatcher").orElseThrow())
        .contains("(Upload) args[1]");
    assertThat(ProcessorTestSupport.generatedSource(c, "com.example.FilesModuleClient").orElseThrow())
        .contains("Stored store(String folder, Upload file, @Nullable String note)");
  }

  @Test
  void theTypeScriptClientSendsTheUploadAsTheBody() {
    String ts = text(compile(), TypeScriptWriter.CLASS_PATH_DIR + "files.ts");
    assertThat(ts)
        .contains("import type { CallOptions, PotoClient, UploadSource } from \"./poto-runtime.js\";")
        .contains("store(folder: string, file: UploadSource, note?: string | null, opts?: CallOptions): Promise<Stored>")
        .contains("return this.#client.call<Stored>(\"files\", \"store\", { folder, file, note }, opts,"
            + " { result: Stored$codec, upload: \"file\" });")
        .contains("only(data: UploadSource, opts?: CallOptions): Promise<void>")
        .contains("storeWith(args: { folder: string; file: UploadSource; note?: string | null }");
  }

  @Test
  void theContractNamesItAndOpenApiDescribesTheRawBodyAndTheArgumentsHeader() throws Exception {
    Compilation c = compile();
    Contract contract = ContractJson.read(text(c, Contract.CLASS_PATH_LOCATION));
    ContractMethod store = contract.module("files").orElseThrow().method("store").orElseThrow();
    assertThat(store.param("file")).contains(new ContractParam("file", new TypeRef.Scalar(dev.poto.contract.ScalarKind.UPLOAD), true));
    assertThat(store.param("file").orElseThrow().upload()).isTrue();
    assertThat(store.param("folder").orElseThrow().upload()).isFalse();

    JsonNode paths = new ObjectMapper().readTree(text(c, OpenApiDocument.CLASS_PATH_LOCATION)).path("paths");
    JsonNode operation = paths.path("/files/store").path("post");
    JsonNode args = operation.path("parameters").get(0);
    assertThat(args.path("name").asText()).isEqualTo("Poto-Args");
    assertThat(args.path("in").asText()).isEqualTo("header");
    assertThat(args.path("required").asBoolean()).isTrue();
    JsonNode argsSchema = args.path("content").path("application/json").path("schema");
    assertThat(argsSchema.path("properties").fieldNames()).toIterable().containsExactly("folder", "note");
    assertThat(argsSchema.path("required").toString()).isEqualTo("[\"folder\"]");
    JsonNode name = operation.path("parameters").get(1);
    assertThat(name.path("name").asText()).isEqualTo("Poto-Upload-Name");
    assertThat(name.path("required").asBoolean()).isFalse();
    JsonNode body = operation.path("requestBody");
    assertThat(body.path("required").asBoolean()).isTrue();
    assertThat(body.path("content").fieldNames()).toIterable().containsExactly("*/*");
    assertThat(body.path("content").path("*/*").path("schema").toString())
        .isEqualTo("{\"contentMediaType\":\"application/octet-stream\",\"type\":\"string\"}");
    JsonNode only = paths.path("/files/only").path("post").path("parameters").get(0);
    assertThat(only.path("required").asBoolean()).as("no other argument: the header may be left out").isFalse();
  }

  private static String text(Compilation c, String path) {
    return ProcessorTestSupport.content(c.generatedFile(StandardLocation.CLASS_OUTPUT, "", path).orElseThrow());
  }
}
