package dev.poto.it.cluster;

import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.PasswordHasher;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.session.redis.RedisSessionConfig;
import dev.poto.session.redis.RedisSessionProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One node of a Poto cluster, run as its own JVM by the multi-node tests (and usable by hand):
 *
 * <pre>
 * POTO_JWT_SECRET=... POTO_CLUSTER_PASSWORD=... POTO_REDIS_URI=redis://127.0.0.1:6379 \
 *   java -cp ... dev.poto.it.cluster.ClusterNode --node a --port 8081 --sessions redis
 * </pre>
 *
 * Every node gets the same configuration from the environment: the JWT secret ({@value #ENV_JWT_SECRET}),
 * the named users (same ids everywhere, password from {@value #ENV_USER_PASSWORD}) and the session store:
 * {@code redis} (the {@code POTO_REDIS_*} variables of {@link RedisSessionConfig#fromEnvironment()}),
 * {@code cookie} (a Tink keyset in {@value #ENV_KEYSET} or in the file named by {@value #ENV_KEYSET_FILE})
 * ({@value #ENV_INSECURE_COOKIES}{@code =true} for plain http on loopback) or {@code memory} (one node only). Prints {@code READY node=<id> port=<port>} once it serves, and exits
 * with status 2 and a message on stderr when it cannot start.
 */
public final class ClusterNode {
  public static final String ENV_JWT_SECRET = "POTO_JWT_SECRET";
  public static final String ENV_USER_PASSWORD = "POTO_CLUSTER_PASSWORD";
  public static final String ENV_KEYSET = "POTO_SESSION_KEYSET";
  public static final String ENV_KEYSET_FILE = "POTO_SESSION_KEYSET_FILE";
  /** {@code true} drops the cookie's Secure flag, for plain-http test clusters on loopback only. */
  public static final String ENV_INSECURE_COOKIES = "POTO_INSECURE_COOKIES";
  /** PBKDF2 iterations for the named users' hashes; default {@link PasswordHasher#DEFAULT_ITERATIONS}. */
  public static final String ENV_HASH_ITERATIONS = "POTO_PASSWORD_ITERATIONS";
  public static final String READY = "READY";

  /** The named users every node knows; fixed ids, so session data follows a user from node to node. */
  public static final Map<String, Set<String>> USERS = Map.of("alice", Set.of("user"), "root", Set.of("user", "admin"));

  private ClusterNode() {}

  /** The user id of named user {@code username} on every node. */
  public static String userId(String username) {
    return "user_" + username;
  }

  public static void main(String[] args) {
    NodeOptions options;
    PotoServer server;
    try {
      options = NodeOptions.parse(args);
      server = start(options, System.getenv());
    } catch (RuntimeException e) {
      // The message is the point (e.g. "Cannot use Redis at 127.0.0.1:6379 ..."); no secrets are in it.
      System.err.println("ClusterNode failed to start: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "poto-node-shutdown"));
    System.out.println(READY + " node=" + options.nodeId() + " port=" + server.port());
    System.out.flush();
  }

  /** How long a stopping node waits for calls on the connections nginx keeps open. */
  static final java.time.Duration DRAIN_QUIET_PERIOD = java.time.Duration.ofSeconds(2);

  /** Builds and starts a node; the caller stops it. */
  public static PotoServer start(NodeOptions options, Map<String, String> env) {
    String secret = required(env, ENV_JWT_SECRET);
    char[] password = required(env, ENV_USER_PASSWORD).toCharArray();
    SessionProvider sessions = sessionProvider(options.sessions(), env); // first: an unreachable store fails fast
    try {
      String iterations = env.get(ENV_HASH_ITERATIONS);
      InMemoryUserProvider users = iterations == null || iterations.isBlank()
          ? new InMemoryUserProvider()
          : new InMemoryUserProvider(new PasswordHasher(Integer.parseInt(iterations.strip())));
      USERS.forEach((name, roles) -> users.addUser(userId(name), name, password, roles));
      return PotoServer.builder()
          .host("127.0.0.1")
          .port(options.port())
          .module(new ClusterModule(options.nodeId()))
          .userProvider(users)
          // Every test client reaches the nodes from one loopback address, through the balancer.
          .loginLimits(limits -> limits.visitorsPerAddress(100_000, java.time.Duration.ofMinutes(1)))
          .jwt(jwt -> jwt.secret(secret))
          .sessionProvider(sessions)
          // Above the balancer's upstream keepalive timeout (1 s in docs/SCALE-OUT.md), so that a stop
          // never closes a connection nginx may still send a call on.
          .configure(config -> config.drainQuietPeriod(DRAIN_QUIET_PERIOD))
          .build()
          .start();
    } catch (RuntimeException e) {
      sessions.close();
      throw e;
    }
  }

  static SessionProvider sessionProvider(String kind, Map<String, String> env) {
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "redis" -> new RedisSessionProvider(RedisSessionConfig.fromEnvironment(env));
      case "cookie" -> cookieProvider(env);
      case "memory" -> new InMemorySessionProvider();
      default -> throw new IllegalArgumentException(
          "Unknown session store '" + kind + "'; use redis, cookie or memory");
    };
  }

  private static EncryptedCookieSessionProvider cookieProvider(Map<String, String> env) {
    EncryptedCookieSessionProvider.Builder builder = EncryptedCookieSessionProvider.builder(cookieKeys(env));
    if (Boolean.parseBoolean(env.get(ENV_INSECURE_COOKIES))) {
      builder.insecureDevelopmentCookies();
    }
    return builder.build();
  }

  private static CookieSessionKeys cookieKeys(Map<String, String> env) {
    String file = env.get(ENV_KEYSET_FILE);
    if (file != null && !file.isBlank()) {
      return CookieSessionKeys.fromFile(Path.of(file));
    }
    String json = env.get(ENV_KEYSET);
    if (json == null || json.isBlank()) {
      throw new IllegalStateException("Cookie sessions need the shared Tink keyset: set " + ENV_KEYSET
          + " (the JSON) or " + ENV_KEYSET_FILE + " (a file holding it) to the same keyset on every node");
    }
    return CookieSessionKeys.fromJson(json);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; every node of a cluster needs the same value");
    }
    return value;
  }

  /** {@code --node <id> --port <port> --sessions redis|cookie|memory}; port 0 picks a free one. */
  public record NodeOptions(String nodeId, int port, String sessions) {
    static NodeOptions parse(String[] args) {
      String node = "node";
      int port = 0;
      String sessions = "memory";
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Option " + name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--node" -> node = value;
          case "--port" -> port = Integer.parseInt(value);
          case "--sessions" -> sessions = value;
          default -> throw new IllegalArgumentException(
              "Unknown option " + name + "; use --node <id> --port <port> --sessions redis|cookie|memory");
        }
      }
      return new NodeOptions(node, port, sessions);
    }
  }
}
