package dev.poto.runtime.support;

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

/** A tiny raw HTTP helper over java.net.http, so runtime tests do not depend on the Java client. */
public final class TestHttp {
  public static final ObjectMapper JSON = PotoJson.newMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;

  public TestHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  /** POST with a JSON body (null for no body) and an optional bearer token. */
  public HttpResponse<String> post(String path, String json, String token) {
    HttpRequest.Builder request = request(path);
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.POST(HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.POST(HttpRequest.BodyPublishers.noBody());
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> sendBytes(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A visitor token from {@code _auth/visitor}. */
  public JsonNode visitor() {
    HttpResponse<String> response = post("/poto/_auth/visitor", null, null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("visitor login failed: " + response.statusCode() + " " + response.body());
    }
    return json(response);
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }
}
