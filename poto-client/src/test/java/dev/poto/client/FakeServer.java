package dev.poto.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A scriptable HTTP server on a loopback port, standing in for a Poto server in client tests. */
final class FakeServer implements AutoCloseable {

  /** What the server received, copied out of the exchange. */
  record Received(String method, String path, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  @FunctionalInterface
  interface Handler {
    void handle(Received request, HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeServer on(String path, Handler handler) {
    routes.put(path, handler);
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders(), body);
      received.add(request);
      Handler handler = routes.get(request.path());
      if (handler == null) {
        problem(exchange, 404, "unknown_module", "no route " + request.path());
        return;
      }
      handler.handle(request, exchange);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  // ---- answers ------------------------------------------------------------------------------------

  static void json(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json", json);
  }

  static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
    send(exchange, status, "application/problem+json", problemJson(status, code, detail, "req-" + code));
  }

  static String problemJson(int status, String code, String detail, String requestId) {
    return "{\"type\":\"urn:poto:problem:" + code + "\",\"title\":\"" + code + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\",\"requestId\":\"" + requestId + "\"}";
  }

  static void noContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Starts an event-stream answer; write frames with {@link #frame}. */
  static OutputStream startEventStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Poto-Request-Id", "stream-req");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  /** Writes raw event-stream text and flushes it, so the client can see it now. */
  static void frame(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
