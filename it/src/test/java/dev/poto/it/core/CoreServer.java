package dev.poto.it.core;

import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.PasswordHasher;
import dev.poto.runtime.auth.StoredUser;
import java.net.http.HttpClient;

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
  /**
   * One connection pool for the many identities of the load tests; cookies stay per PotoClient. No
   * connect timeout: to a loopback port a connect is refused at once or succeeds, and the JDK client's
   * timer runs until the client's own threads have finished the connect, so under a load of 25-30 on two
   * cores (this JVM's two virtual-thread carriers shared by 1,000 callers and the server's handlers) it
   * fired after 10 s on connections the kernel had completed long before.
   */
  final HttpClient sharedHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

  /**
   * A client on the shared pool for the load tests, which check who answered, never how fast: a call may
   * wait as long as {@link Concurrently} waits for its task (a thousand concurrent logins on a machine at
   * load 25-30 took longer than the client's default of 30 s).
   */
  PotoClient pooledClient() {
    return PotoClient.builder(baseUrl).httpClient(sharedHttp).requestTimeout(Concurrently.TASK_TIMEOUT).build();
  }

  @Override
  public void close() {
    server.stop();
    sharedHttp.shutdownNow();
  }
}
