package dev.poto.runtime.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.http.ProblemResponder;
import dev.poto.runtime.http.ReadOnlyRequests;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code GET {prefix}/_openapi.json}: the OpenAPI 3.1 document the processor wrote next to the
 * contract ({@value #CLASS_PATH_LOCATION}), limited to the modules this server serves, with this
 * server's prefix as its server URL. Read once, on the first request. Without a document (or with
 * {@code config.openApi(false)}) the route answers 404 {@code unknown_file}.
 */
public final class OpenApiEndpoint {
  /** The path segment below the prefix. */
  public static final String ROUTE = "_openapi.json";
  /** Where the processor writes the document (dev.poto.contract.openapi.OpenApiDocument). */
  public static final String CLASS_PATH_LOCATION = "META-INF/poto/openapi.json";

  private final String prefix;
  private final List<String> routes;
  private final ClassLoader loader;
  private volatile byte[] document;

  public OpenApiEndpoint(String prefix, List<String> routes, ClassLoader loader) {
    this.prefix = prefix;
    this.routes = List.copyOf(routes);
    this.loader = loader;
  }

  public void handle(Context ctx) {
    String requestId = ReadOnlyRequests.accept(ctx, "The OpenAPI document");
    if (requestId == null) {
      return;
    }
    byte[] body = document();
    if (body.length == 0) {
      ProblemResponder.send(ctx, 404, ProblemCodes.UNKNOWN_FILE, "No OpenAPI document: none of the served"
          + " modules' compilations wrote " + CLASS_PATH_LOCATION, requestId);
      return;
    }
    ctx.status(200);
    ctx.contentType(Protocol.JSON);
    ctx.header("Cache-Control", "no-cache");
    if (HandlerType.GET.equals(ctx.method())) {
      ctx.result(body);
    }
  }

  private byte[] document() {
    byte[] loaded = document;
    if (loaded == null) {
      loaded = load();
      document = loaded;
    }
    return loaded;
  }

  /**
   * The first document on the class path that describes a served module (every compilation writes its
   * own), keeping the paths of served modules only; empty bytes when there is none.
   */
  private byte[] load() {
    ObjectMapper json = new ObjectMapper();
    try {
      for (URL url : Collections.list(loader.getResources(CLASS_PATH_LOCATION))) {
        JsonNode document;
        try (InputStream in = url.openStream()) {
          document = json.readTree(in);
        }
        if (!(document instanceof ObjectNode root) || !(root.get("paths") instanceof ObjectNode paths)) {
          continue;
        }
        paths.properties().removeIf(path -> !routes.contains(route(path.getKey())));
        if (paths.isEmpty()) {
          continue;
        }
        root.set("servers", json.valueToTree(List.of(Map.of("url", prefix.isEmpty() ? "/" : prefix))));
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The OpenAPI document could not be read", e);
    }
    return new byte[0];
  }

  /** {@code /board/post} → {@code board}. */
  private static String route(String path) {
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }
}
