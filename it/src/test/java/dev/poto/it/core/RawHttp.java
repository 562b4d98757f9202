package dev.poto.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain java.net.http requests for what the generated client cannot express (other HTTP methods,
 * wrong content types, hand-made bodies and tokens), and the checks every problem answer must pass.
 */
public final class RawHttp {
  public static final ObjectMapper JSON = PotoJson.newMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;

  public RawHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  /** POST {@code json} (null: no body) as application/json, with a bearer token unless null. */
  public HttpResponse<String> post(String path, String json, String token) {
    HttpRequest.Builder request = request(path);
    if (json == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A fresh visitor token. */
  public String visitorToken() {
    HttpResponse<String> response = post("/poto/_auth/visitor", null, null);
    assertEquals(200, response.statusCode(), response.body());
    return json(response).get("token").asText();
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /**
   * Checks an RFC 9457 answer: status, problem+json content type, stable code and type, and the
   * request id in the body equal to the Poto-Request-Id header. Returns the body.
   */
  public static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
    String context = response.request().method() + " " + response.request().uri() + " -> " + response.body();
    assertEquals(status, response.statusCode(), context);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    assertTrue(contentType.startsWith("application/problem+json"), "content type " + contentType + " of " + context);
    JsonNode problem = json(response);
    assertEquals(code, problem.path("code").asText(), context);
    assertEquals("urn:poto:problem:" + code, problem.path("type").asText(), context);
    assertEquals(status, problem.path("status").asInt(), context);
    assertTrue(problem.hasNonNull("title"), context);
    String headerId = response.headers().firstValue("Poto-Request-Id").orElse(null);
    assertNotNull(headerId, "no Poto-Request-Id header on " + context);
    assertEquals(headerId, problem.path("requestId").asText(), context);
    return problem;
  }
}
