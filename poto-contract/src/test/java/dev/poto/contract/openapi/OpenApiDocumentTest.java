package dev.poto.contract.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.Contract;
import dev.poto.contract.Samples;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.json.JsonText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document of a contract, member by member (a real validator checks it in the it module). */
class OpenApiDocumentTest {
  private static final Contract EVERYTHING = Samples.everything();

  private static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      current = current instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<?, ?>) current).get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object node, String... path) {
    return (Map<String, Object>) at(node, path);
  }

  private static final Map<String, Object> DOC = OpenApiDocument.of(EVERYTHING);

  @Test
  void headerSecurityAndServers() {
    assertThat(at(DOC, "openapi")).isEqualTo("3.1.0");
    assertThat((String) at(DOC, "info", "version")).matches("contract-[0-9a-f]{12}");
    assertThat(at(DOC, "servers")).isEqualTo(List.of(Map.of("url", "/poto")));
    assertThat(at(DOC, "security")).isEqualTo(List.of(Map.of("bearer", List.of())));
    assertThat(at(DOC, "components", "securitySchemes", "bearer", "scheme")).isEqualTo("bearer");
    assertThat(at(DOC, "components", "securitySchemes", "bearer", "bearerFormat")).isEqualTo("JWT");
  }

  @Test
  void oneOperationPerMethodWithItsBodyAndAccess() {
    Map<String, Object> add = object(DOC, "paths", "/notes/add", "post");
    assertThat(add.get("operationId")).isEqualTo("notes.add");
    assertThat(add.get("x-poto-roles")).isEqualTo(List.of("admin", "writer"));
    assertThat(add).doesNotContainKey("security"); // the document's bearer requirement applies
    Map<String, Object> body = object(add, "requestBody", "content", "application/json", "schema");
    assertThat(body.get("required")).isEqualTo(List.of("note"));
    assertThat(body.get("additionalProperties")).isEqualTo(false);
    assertThat(at(body, "properties", "note")).isEqualTo(Map.of("$ref", "#/components/schemas/com.example.Note"));
    assertThat(at(body, "properties", "tag")).isEqualTo(Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "null"))));
    assertThat(at(add, "responses", "401", "$ref")).isEqualTo("#/components/responses/Problem");
    assertThat(at(add, "responses", "403", "$ref")).isEqualTo("#/components/responses/Problem");
    assertThat(at(add, "responses", "default", "$ref")).isEqualTo("#/components/responses/Problem");

    Map<String, Object> feed = object(DOC, "paths", "/notes/feed", "post");
    assertThat(feed.get("security")).isEqualTo(List.of()); // public: no token
    assertThat(object(feed, "responses")).doesNotContainKeys("401", "403");
  }

  @Test
  void resultsAsTheProtocolSendsThem() {
    Map<String, Object> value = object(DOC, "paths", "/notes/add", "post", "responses", "200", "content", "application/json", "schema");
    assertThat(value).isEqualTo(Map.of("anyOf", List.of(Map.of("$ref", "#/components/schemas/com.example.Note"), Map.of("type", "null"))));
    Map<String, Object> stream = object(DOC, "paths", "/notes/feed", "post", "responses", "200", "content", "text/event-stream");
    assertThat(stream.get("schema")).isEqualTo(Map.of("type", "string"));
    assertThat(stream.get("x-poto-item")).isEqualTo(Map.of("$ref", "#/components/schemas/com.example.Page_com.example.Shape_"));
    Map<String, Object> bytes = object(DOC, "paths", "/notes/raw", "post", "responses", "200", "content", "application/octet-stream");
    assertThat(at(bytes, "schema", "contentMediaType")).isEqualTo("application/octet-stream");
  }

  @Test
  void declaredErrorsAreProblemsWithTheirCodeStatusAndFields() {
    Map<String, Object> conflict = object(DOC, "paths", "/notes/add", "post", "responses", "409", "content", "application/problem+json", "schema");
    assertThat(conflict.get("anyOf")).isEqualTo(List.of(
        Map.of("$ref", "#/components/schemas/com.example.NoteExists"), Map.of("$ref", "#/components/schemas/Problem")));
    Map<String, Object> error = object(DOC, "components", "schemas", "com.example.NoteExists");
    assertThat(at(error, "allOf", "0")).isEqualTo(Map.of("$ref", "#/components/schemas/Problem"));
    Map<String, Object> members = object(error, "allOf", "1");
    assertThat(at(members, "properties", "code")).isEqualTo(Map.of("const", "note_exists"));
    assertThat(at(members, "properties", "status")).isEqualTo(Map.of("const", 409L));
    assertThat(at(members, "properties", "noteId", "format")).isEqualTo("uuid");
    assertThat(members.get("required")).isEqualTo(List.of("code", "status", "noteId"));
    assertThat(at(DOC, "components", "schemas", "Problem", "required"))
        .isEqualTo(List.of("type", "title", "status", "code", "requestId"));
  }

  @Test
  void namedTypesGenericsEnumsAndUnions() {
    Map<String, Object> schemas = object(DOC, "components", "schemas");
    assertThat(at(schemas, "com.example.Color")).isEqualTo(Map.of("type", "string", "enum", List.of("RED", "GREEN")));
    // Page<Shape>: the type parameter replaced by the argument, output-only items marked read-only.
    Map<String, Object> page = object(schemas, "com.example.Page_com.example.Shape_");
    assertThat(at(page, "properties", "items")).isEqualTo(Map.of("type", "array",
        "items", Map.of("$ref", "#/components/schemas/com.example.Shape"), "readOnly", true));
    Map<String, Object> shape = object(schemas, "com.example.Shape");
    assertThat(at(shape, "discriminator")).isEqualTo(Map.of("propertyName", "kind",
        "mapping", Map.of("circle", "#/components/schemas/com.example.Circle")));
    assertThat(at(schemas, "com.example.Circle", "properties", "kind")).isEqualTo(Map.of("const", "circle"));
    assertThat((List<?>) at(schemas, "com.example.Circle", "properties", "radius", "oneOf")).hasSize(2);
    // A map keyed by an enum, holding lists of ints.
    assertThat(at(DOC, "paths", "/notes/feed", "post", "requestBody", "content", "application/json", "schema",
        "properties", "byColor")).isEqualTo(Map.of("type", "object",
            "propertyNames", Map.of("$ref", "#/components/schemas/com.example.Color"),
            "additionalProperties", Map.of("type", "array", "items", Map.of("type", "integer", "format", "int32"))));
  }

  @Test
  void everyScalarKindHasASchemaAndAnExactLongIsALong() {
    for (ScalarKind kind : ScalarKind.values()) {
      assertThat(JsonSchemas.scalar(kind)).as(kind.name()).isNotNull();
    }
    assertThat(JsonSchemas.scalar(ScalarKind.LONG_EXACT)).isEqualTo(JsonSchemas.scalar(ScalarKind.LONG));
    assertThat((List<?>) JsonSchemas.scalar(ScalarKind.FLOAT).get("oneOf")).first()
        .isEqualTo(Map.of("type", "number", "format", "float"));
  }

  @Test
  void sameContractSameText() {
    assertThat(OpenApiDocument.write(Samples.everything())).isEqualTo(OpenApiDocument.write(EVERYTHING));
    assertThat(JsonText.parse(OpenApiDocument.write(EVERYTHING))).isEqualTo(DOC);
  }

  @Test
  void theFileIsCompact() {
    String text = OpenApiDocument.write(EVERYTHING);
    assertThat(text).endsWith("}\n").doesNotContain("\n ").doesNotContain("\": ").hasLineCount(1);
  }
}
