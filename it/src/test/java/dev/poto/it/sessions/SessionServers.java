package dev.poto.it.sessions;

import dev.poto.client.PotoClient;
import dev.poto.it.core.Concurrently;
import dev.poto.it.core.RawHttp;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.session.SessionProvider;
import java.net.http.HttpClient;
import java.util.function.Supplier;

/** An in-process server with the session module and one session provider, on a free loopback port. */
final class SessionServers implements AutoCloseable {
  static final String SECRET = "it-sessions-secret-0123456789abcd";

  /** The two providers every shared test runs against. */
  enum Provider {
    MEMORY(() -> InMemorySessionProvider.builder().build()),
    // Plain http on loopback: without the development switch the client would (rightly) keep the
    // Secure cookie to itself. The Secure default is checked on its own server.
    COOKIE(() -> EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).insecureDevelopmentCookies().build());

    final Supplier<SessionProvider> create;

    Provider(Supplier<SessionProvider> create) {
      this.create = create;
    }
  }

  final PotoServer server;
  final RawHttp raw;
  final String baseUrl;
  /** No connect timeout, for the reason given at {@code CoreServer.sharedHttp}. */
  final HttpClient sharedHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  SessionServers(SessionProvider provider) {
    server = PotoServer.builder()
        .host("127.0.0.1")
        .port(0)
        .module(new SessionModule())
        .sessionProvider(provider)
        .jwt(jwt -> jwt.secret(SECRET))
        .build()
        .start();
    raw = new RawHttp(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
  }

  /** A visitor with its own cookie jar, on the shared connection pool. */
  PotoClient visitor() {
    PotoClient client = PotoClient.builder(baseUrl).httpClient(sharedHttp).requestTimeout(Concurrently.TASK_TIMEOUT).build();
    client.loginAsVisitor();
    return client;
  }

  PotoClient anonymous() {
    return PotoClient.builder(baseUrl).httpClient(sharedHttp).requestTimeout(Concurrently.TASK_TIMEOUT).build();
  }

  @Override
  public void close() {
    server.stop();
    sharedHttp.shutdownNow();
  }
}
