package dev.poto.runtime.support;

import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.PasswordHasher;
import dev.poto.runtime.testmodule.TestModule;
import java.util.Set;
import java.util.function.Consumer;

/** Servers for tests: loopback, ephemeral port, a fixed test secret, fast password hashing. */
public final class TestServers {
  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
  /** Few iterations keep the suite fast; production keeps PasswordHasher.DEFAULT_ITERATIONS. */
  public static final int TEST_ITERATIONS = 1_000;

  private TestServers() {}

  public static InMemoryUserProvider users() {
    InMemoryUserProvider users = new InMemoryUserProvider(new PasswordHasher(TEST_ITERATIONS));
    users.addUser("user_alice", "alice", "wonderland".toCharArray(), Set.of("member"));
    users.addUser("user_root", "root", "sup3r-secret".toCharArray(), Set.of("admin", "member"));
    return users;
  }

  public static PotoServer start(Consumer<PotoConfig> extra) {
    return PotoServer.create(
            config -> {
              config.host("127.0.0.1").port(0).module(new TestModule()).jwt(jwt -> jwt.secret(SECRET)).userProvider(users());
              // No balancer in front: a stop need not wait for the test's idle kept-alive connections.
              config.drainQuietPeriod(java.time.Duration.ZERO);
              extra.accept(config);
            })
        .start();
  }

  public static PotoServer start() {
    return start(config -> {});
  }
}
