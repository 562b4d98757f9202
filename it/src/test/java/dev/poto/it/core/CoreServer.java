package dev.poto.it.core;

import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.PasswordHasher;
import dev.poto.runtime.auth.StoredUser;
import java.net.http.HttpClient;
import java.time.Duration;

/** One in-process server on a free loopback port with the core module and two named users. */
final class CoreServer implements AutoCloseable {
  /** 32 bytes exactly: the shortest secret HS256 accepts. */
  static final String SECRET = "it-core-secret-0123456789abcdefX";
  static final int MAX_BODY_BYTES = 4096;

  final PotoServer server;
  final StoredUser alice;
  final StoredUser admin;
  final RawHttp raw;
  final String baseUrl;
  /** One connection pool for the many identities of the load tests; cookies stay per PotoClient. */
  final HttpClient sharedHttp =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  CoreServer() {
    InMemoryUserProvider users = new InMemoryUserProvider(new PasswordHasher(1_000));
    alice = users.addUser("alice", "alice-password", "user");
    admin = users.addUser("root", "root-password", "admin");
    server =
        PotoServer.builder()
            .host("127.0.0.1")
            .port(0)
            .module(new CoreModule())
            .userProvider(users)
            .maxBodyBytes(MAX_BODY_BYTES)
            // A thousand concurrent visitors come from this one loopback address.
            .loginLimits(limits -> limits.visitorsPerAddress(100_000, java.time.Duration.ofMinutes(1)))
            .jwt(jwt -> jwt.secret(SECRET))
            .build()
            .start();
    raw = new RawHttp(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
  }

  PotoClient client() {
    return PotoClient.builder(baseUrl).build();
  }

  PotoClient pooledClient() {
    return PotoClient.builder(baseUrl).httpClient(sharedHttp).build();
  }

  @Override
  public void close() {
    server.stop();
    sharedHttp.shutdownNow();
  }
}
