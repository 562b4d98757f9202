package dev.poto.samples.tasks.server;

import dev.poto.runtime.PotoServer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Serves {@link TasksService} at {@code /poto/tasks/...}. Reads {@code PORT} (default 8080; 0 picks a
 * free port) and {@code POTO_JWT_SECRET} (at least 32 bytes; without it a random development secret is
 * used, so tokens do not survive a restart).
 */
public final class TasksServer {
  private TasksServer() {}

  /** The sample accepts attachments of up to 10 MiB (413 payload_too_large beyond). */
  public static final long MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("PORT", "8080");
    PotoServer server = start("0.0.0.0", Integer.parseInt(port), System.getenv("POTO_JWT_SECRET"));
    System.out.println("Tasks server on http://localhost:" + server.port() + "/poto/tasks");
  }

  /** A started server; {@code secret} null for a random development one. */
  public static PotoServer start(String host, int port, String secret) {
    String jwtSecret = secret != null ? secret : randomSecret();
    return PotoServer.builder()
        .host(host)
        .port(port)
        .module(new TasksService())
        .maxUploadBytes(MAX_UPLOAD_BYTES)
        .jwt(jwt -> jwt.secret(jwtSecret))
        .build()
        .start();
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
