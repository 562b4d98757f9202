package dev.poto.it.cluster;

import dev.poto.client.PotoClient;
import dev.poto.it.core.Concurrently;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two {@link ClusterNode} processes with the same configuration behind one nginx: the deployment the
 * scale-out guide describes. Nodes are "a" and "b".
 */
final class TwoNodeCluster implements AutoCloseable {
  static final String NODE_A = "a";
  static final String NODE_B = "b";

  final Path dir;
  final String userPassword;
  final NodeProcess a;
  volatile NodeProcess b;
  final NginxBalancer nginx;
  private final HttpClient http;
  private final String sessions;
  private final Map<String, String> env;

  private TwoNodeCluster(Path dir, String userPassword, NodeProcess a, NodeProcess b, NginxBalancer nginx,
      String sessions, Map<String, String> env) {
    this.dir = dir;
    this.userPassword = userPassword;
    this.a = a;
    this.b = b;
    this.nginx = nginx;
    this.sessions = sessions;
    this.env = env;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30)) // to the local nginx; 5 s was missed on a 2-core machine under a load above 20
        .build();
  }

  /**
   * Starts both nodes with session store {@code sessions} and {@code storeEnv} (Redis URI, keyset...)
   * plus a fresh shared JWT secret and user password, then nginx in front of them.
   */
  static TwoNodeCluster start(String sessions, Map<String, String> storeEnv) throws Exception {
    Path dir = Files.createTempDirectory("poto-cluster-");
    String password = random(18);
    Map<String, String> env = new HashMap<>(storeEnv);
    env.put(ClusterNode.ENV_JWT_SECRET, random(32)); // 43 characters, over the 32-byte minimum
    env.put(ClusterNode.ENV_USER_PASSWORD, password);
    env.put(ClusterNode.ENV_HASH_ITERATIONS, "10000"); // test passwords; production keeps the default
    NodeProcess a = null;
    NodeProcess b = null;
    try {
      // Launched together so the two JVMs start up in parallel.
      a = NodeProcess.launch(NODE_A, sessions, env, dir);
      b = NodeProcess.launch(NODE_B, sessions, env, dir);
      a.awaitReady();
      b.awaitReady();
      NginxBalancer nginx = NginxBalancer.start(List.of(a.port(), b.port()), dir);
      return new TwoNodeCluster(dir, password, a, b, nginx, sessions, Map.copyOf(env));
    } catch (Exception | Error e) {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
      deleteTree(dir);
      throw e;
    }
  }

  /**
   * Restarts node b as a rolling deployment does: SIGTERM (it drains and exits), then a new process
   * with the same configuration on the same port, so the balancer's configuration stays as it is.
   */
  void restartB(Duration stopTimeout) throws InterruptedException {
    int port = b.port();
    b.terminate(stopTimeout);
    NodeProcess again = NodeProcess.launch(NODE_B, sessions, env, dir, port);
    again.awaitReady();
    b = again;
  }

  static String random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  /** A new identity calling through the load balancer (own token, own cookie jar, shared connections). */
  PotoClient balancedClient() {
    return client(nginx.url());
  }

  /** A new identity calling one node directly. */
  PotoClient directClient(NodeProcess node) {
    return client(node.url());
  }

  /**
   * The multi-node tests judge answers, not speed: a call waits as long as a concurrent task may
   * ({@link Concurrently#TASK_TIMEOUT}), since at a load of 40 on two cores (two node JVMs, nginx and 100
   * callers) a call through nginx took longer than 30 s. nginx's {@code proxy_read_timeout} (60 s) still
   * bounds a call that a node never answers.
   */
  private PotoClient client(String url) {
    return PotoClient.builder(url).httpClient(http).requestTimeout(Concurrently.TASK_TIMEOUT).build();
  }

  HttpClient http() {
    return http;
  }

  /** Both nodes' logs and nginx's error log, for failure messages. */
  String logs() {
    return "--- node a ---\n" + a.log() + "--- node b ---\n" + b.log() + "--- nginx ---\n" + nginx.errorLog()
        + "--- nginx answers other than 200 ---\n" + nginx.failedRequests();
  }

  @Override
  public void close() throws Exception {
    try {
      nginx.close();
    } finally {
      a.close();
      b.close();
      http.close();
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }
}
