package dev.poto.contract.openapi;

import static dev.poto.contract.openapi.JsonSchemas.map;
import static dev.poto.contract.openapi.JsonSchemas.ref;
import static dev.poto.protocol.Protocol.ARGS_HEADER;
import static dev.poto.protocol.Protocol.UPLOAD_NAME_HEADER;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.DeclaredError;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.json.ContractJson;
import dev.poto.contract.json.JsonText;
import dev.poto.protocol.ResultKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document of a contract: one {@code POST /{module}/{method}} operation per method, its
 * body an object of the parameters, its answers as docs/PROTOCOL.md says (JSON, 204, an event stream,
 * raw bytes), every error an RFC 9457 problem (declared errors with their fields), bearer JWT security
 * except on public methods. Deterministic: the same contract gives the same text. The servers entry
 * names the default prefix; the runtime serves the document with its own.
 */
public final class OpenApiDocument {
  /** Where the processor writes the document, next to the contract. */
  public static final String CLASS_PATH_LOCATION = "META-INF/poto/openapi.json";
  public static final String DEFAULT_PREFIX = "/poto";

  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String BEARER = "bearer";

  private OpenApiDocument() {}

  /**
   * The document as JSON text, compact: machines read it (the server re-serializes what it serves), and
   * indentation would be more than half of a big API's bytes.
   */
  public static String write(Contract contract) {
    return write(contract, ContractJson.write(contract));
  }

  /**
   * The document as JSON text, for a writer that has the contract's file text already: {@code
   * contractJson} must be {@code ContractJson.write(contract)}, whose digest is the document's version.
   * A big contract's text then is written once instead of twice.
   */
  public static String write(Contract contract, String contractJson) {
    return JsonText.writeCompact(of(contract, contractJson));
  }

  /** The document as a tree of maps, lists, strings, numbers and booleans. */
  public static Map<String, Object> of(Contract contract) {
    return of(contract, ContractJson.write(contract));
  }

  private static Map<String, Object> of(Contract contract, String contractJson) {
    JsonSchemas schemas = new JsonSchemas(name -> contract.type(name).orElse(null));
    Set<String> errorTypes = new TreeSet<>();
    Map<String, Object> paths = new TreeMap<>();
    for (ContractModule module : contract.modules()) {
      for (ContractMethod method : module.methods()) {
        method.errors().forEach(error -> errorTypes.add(error.type()));
        paths.put("/" + module.route() + "/" + method.name(), map("post", operation(module, method, schemas, contract)));
      }
    }
    schemas.define(PROBLEM, problemSchema());
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put("info", map("title", "Poto API", "version", version(contractJson),
        "description", "Generated from the Poto contract (META-INF/poto/contract.json); the wire protocol is"
            + " docs/PROTOCOL.md."));
    document.put("servers", List.of(map("url", DEFAULT_PREFIX)));
    document.put("security", List.of(map(BEARER, List.of())));
    document.put("paths", paths);
    document.put("components", map(
        "schemas", schemas.components(),
        "responses", map(PROBLEM, map("description", "An RFC 9457 problem; clients branch on `code`.",
            "content", map(PROBLEM_JSON, map("schema", ref(PROBLEM))))),
        "securitySchemes", map(BEARER, map("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
            "description", "A token from POST /_auth/visitor, /_auth/login or /_auth/refresh, or from the"
                + " configured OpenID Connect provider."))));
    return document;
  }

  private static Map<String, Object> operation(ContractModule module, ContractMethod method, JsonSchemas schemas,
      Contract contract) {
    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("operationId", module.route() + "." + method.name());
    operation.put("tags", List.of(module.route()));
    if (method.access().publicAccess()) {
      operation.put("security", List.of()); // callable without a token
    } else if (!method.access().roles().isEmpty()) {
      operation.put("x-poto-roles", method.access().roles());
      operation.put("description", "Needs one of the roles " + String.join(", ", method.access().roles()) + ".");
    }
    ContractParam upload = method.params().stream().filter(ContractParam::upload).findFirst().orElse(null);
    if (upload == null) {
      operation.put("requestBody", requestBody(method, schemas));
    } else {
      uploadRequest(method, upload, schemas, operation);
    }
    operation.put("responses", responses(method, schemas, contract));
    return operation;
  }

  /** A JSON object keyed by parameter name; an empty body means {@code {}}. */
  private static Map<String, Object> requestBody(ContractMethod method, JsonSchemas schemas) {
    Map<String, Object> body = arguments(method, schemas);
    return map("required", body.containsKey("required"), "content", map("application/json", map("schema", body)));
  }

  /** The JSON object of the parameters other than an upload; {@code required} only when one is. */
  private static Map<String, Object> arguments(ContractMethod method, JsonSchemas schemas) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (ContractParam param : method.params()) {
      if (param.upload()) {
        continue;
      }
      properties.put(param.name(), schemas.schema(param.type()));
      if (param.required()) {
        required.add(param.name());
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "object");
    body.put("properties", properties);
    if (!required.isEmpty()) {
      body.put("required", required);
    }
    body.put("additionalProperties", false);
    return body;
  }

  /**
   * An upload call (docs/PROTOCOL.md §1a): the upload's bytes are the body, of any media type; the other
   * arguments are the JSON object in the {@code Poto-Args} header, the file name in {@code Poto-Upload-Name}.
   */
  private static void uploadRequest(ContractMethod method, ContractParam upload, JsonSchemas schemas,
      Map<String, Object> operation) {
    Map<String, Object> arguments = arguments(method, schemas);
    operation.put("parameters", List.of(
        map("name", ARGS_HEADER, "in", "header", "required", arguments.containsKey("required"),
            "description", "The arguments other than '" + upload.name() + "': their JSON object in ASCII (other"
                + " characters as \\u escapes); absent means {}.",
            "content", map("application/json", map("schema", arguments))),
        map("name", UPLOAD_NAME_HEADER, "in", "header", "required", false,
            "description", "The file name, percent-encoded UTF-8 (1 to 255 characters).",
            "schema", map("type", "string"))));
    operation.put("requestBody", map("required", true,
        "description", "The upload '" + upload.name() + "': its bytes, with its media type as Content-Type.",
        "content", map("*/*", map("schema", JsonSchemas.scalar(ScalarKind.UPLOAD)))));
  }

  private static Map<String, Object> responses(ContractMethod method, JsonSchemas schemas, Contract contract) {
    Map<String, Object> responses = new TreeMap<>();
    ResultKind kind = method.result().kind();
    switch (kind) {
      case VOID -> responses.put("204", map("description", "Done; no content."));
      case VALUE -> responses.put("200", map("description", "The result.",
          "content", map("application/json", map("schema", schemas.schema(method.result().type())))));
      case STREAM, ITERATOR, PUBLISHER -> responses.put("200", map(
          "description", "Server-sent events (docs/PROTOCOL.md §4): one `item` event per item, whose data is"
              + " the item as JSON (its schema is x-poto-item); then an `end` event, or an `error` event whose"
              + " data is a problem.",
          "content", map("text/event-stream", map("schema", map("type", "string"),
              "x-poto-item", schemas.schema(method.result().type())))));
      case BYTES, INPUT_STREAM -> responses.put("200", map("description", "The raw bytes.",
          "content", map("application/octet-stream",
              map("schema", map("type", "string", "contentMediaType", "application/octet-stream")))));
    }
    if (!method.access().publicAccess()) {
      responses.put("401", problemResponse());
    }
    if (!method.access().roles().isEmpty()) {
      responses.put("403", problemResponse());
    }
    Map<Integer, List<Object>> declared = new TreeMap<>();
    for (DeclaredError error : method.errors()) {
      declared.computeIfAbsent(error.status(), s -> new ArrayList<>()).add(ref(errorSchema(error, schemas, contract)));
    }
    declared.forEach((status, errors) -> {
      List<Object> any = new ArrayList<>(errors);
      any.add(ref(PROBLEM)); // Poto's own answers may share the status
      responses.put(Integer.toString(status), map(
          "description", "A declared error (docs/PROTOCOL.md §2a) or another problem.",
          "content", map(PROBLEM_JSON, map("schema", map("anyOf", any)))));
    });
    responses.put("default", problemResponse());
    return responses;
  }

  private static Map<String, Object> problemResponse() {
    return map("$ref", "#/components/responses/" + PROBLEM);
  }

  /** The problem schema of a declared error, named like its class: Poto's members, then its fields. */
  private static String errorSchema(DeclaredError error, JsonSchemas schemas, Contract contract) {
    TypeDecl declaration = contract.type(error.type()).orElse(null);
    TypeDecl.ObjectType fields = declaration instanceof TypeDecl.ObjectType object ? object
        : new TypeDecl.ObjectType(List.of(), List.of(), List.of());
    Map<String, Object> own = map("code", map("const", error.code()), "status", map("const", (long) error.status()));
    Map<String, Object> members = schemas.object(fields, Map.of(), own);
    schemas.define(error.type(), map("allOf", List.of(ref(PROBLEM), members)));
    return error.type();
  }

  private static Map<String, Object> problemSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (String member : List.of("type", "title", "detail", "code", "requestId")) {
      properties.put(member, map("type", "string"));
    }
    properties.put("status", map("type", "integer"));
    return map("type", "object", "description", "RFC 9457 problem details with Poto's `code` and `requestId`.",
        "properties", properties, "required", List.of("type", "title", "status", "code", "requestId"));
  }

  /** The document's version: a digest of the contract, so it changes exactly when the contract does. */
  private static String version(String contractJson) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(contractJson.getBytes(StandardCharsets.UTF_8));
      return "contract-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
