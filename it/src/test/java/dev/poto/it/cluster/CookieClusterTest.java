package dev.poto.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same two-node deployment with encrypted cookie sessions and no Redis at all: the nodes share
 * only the JWT secret and the Tink keyset, and each client's cookie carries its session to whichever
 * node serves the next call.
 */
class CookieClusterTest {

  @Test
  void hundredClientsCarryTheirSessionInTheCookieToEitherNode() throws Exception {
    Path keysetDir = Files.createTempDirectory("poto-keyset-");
    Path keyset = keysetDir.resolve("session-keyset.json");
    Files.createFile(keyset, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyset, CookieSessionKeys.generate().toCleartextJson());
    try (TwoNodeCluster cluster = TwoNodeCluster.start("cookie", Map.of(
        ClusterNode.ENV_KEYSET_FILE, keyset.toString(),
        ClusterNode.ENV_INSECURE_COOKIES, "true"))) { // plain http on loopback
      long start = System.nanoTime();
      List<SpreadWorkload.ClientResult> results = SpreadWorkload.run(cluster, 100, 20, client -> {
        assertTrue(client.cookies().stream().anyMatch(c -> c.getName().equals(EncryptedCookieSessionProvider.DEFAULT_COOKIE_NAME)),
            "the session travels in the client's cookie");
        // Without the cookie the session is gone on every node: no node kept it.
        client.clearCookies();
        ClusterModuleClient module = new ClusterModuleClient(client);
        assertNull(module.get("key0").value());
        assertNull(module.get("key0").value());
      });
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(100, results.size());
      for (SpreadWorkload.ClientResult result : results) {
        assertEquals(Set.of(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B), result.nodes(),
            "both nodes served the calls of " + result.userId());
        assertTrue(result.crossNodeReads() > 0, "some reads of " + result.userId() + " were served by the other node");
      }
      int calls = results.stream().mapToInt(SpreadWorkload.ClientResult::calls).sum();
      int cross = results.stream().mapToInt(SpreadWorkload.ClientResult::crossNodeReads).sum();
      System.out.printf("cookie spread: %d clients, %d session calls (+100 logins) in %d ms, %d reads served by"
          + " the other node than the write%n", results.size(), calls, took.toMillis(), cross);
    } finally {
      Files.deleteIfExists(keyset);
      Files.deleteIfExists(keysetDir);
    }
  }
}
