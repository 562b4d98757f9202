package dev.poto.samples.board;

import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;

/**
 * Starts the board. Settings come from the environment:
 * <ul>
 *   <li>{@code PORT}: where to listen (default 8080; 0 picks a free port)
 *   <li>{@code POTO_JWT_SECRET}: at least 32 bytes; without it a random development secret is used,
 *       so tokens do not survive a restart
 *   <li>{@code BOARD_ADMIN_PASSWORD}: enables the user {@code admin} (role admin); unset, there is no
 *       admin, because a default password would be a secret in the source
 * </ul>
 */
public final class BoardApp {
  private BoardApp() {}

  public static void main(String[] args) {
    PotoServer server = start(intFromEnv("PORT", 8080));
    System.out.printf(
        "Poto board is up: http://localhost:%d/  (API under /poto, try: curl -X POST http://localhost:%d/poto/board/info)%n",
        server.port(), server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "board-shutdown"));
  }

  /** Builds and starts the board server; used by main and by the tests. */
  public static PotoServer start(int port) {
    InMemoryUserProvider users = new InMemoryUserProvider();
    String adminPassword = System.getenv("BOARD_ADMIN_PASSWORD");
    if (adminPassword != null && !adminPassword.isBlank()) {
      users.addUser("admin", adminPassword, "admin");
    }
    String secret = System.getenv("POTO_JWT_SECRET");
    return PotoServer.builder()
        .port(port)
        .module(new BoardModule())
        .userProvider(users)
        .jwt(jwt -> {
          if (secret != null && !secret.isBlank()) {
            jwt.secret(secret);
          } else {
            jwt.randomDevelopmentSecret();
          }
        })
        .build()
        .start();
  }

  private static int intFromEnv(String name, int fallback) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
    }
  }
}
