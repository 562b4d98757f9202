package dev.poto.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poto.client.PotoClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Many visitors at once through the balancer, each writing keys and reading them back: the reads
 * must see exactly what was written whichever node served the write and whichever serves the read.
 */
final class SpreadWorkload {
  /** What one client saw: the nodes that served it, and how many reads another node than the write's served. */
  record ClientResult(String userId, Set<String> nodes, int crossNodeReads, int calls) {}

  private SpreadWorkload() {}

  /**
   * Runs {@code clients} visitors in parallel; each writes {@code writes} keys (reading each back at
   * once), then reads all of them again. {@code afterwards} sees each client before it is closed.
   */
  static List<ClientResult> run(TwoNodeCluster cluster, int clients, int writes, Consumer<PotoClient> afterwards)
      throws Exception {
    List<Future<ClientResult>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        int clientNo = c;
        futures.add(pool.submit(() -> oneClient(cluster, clientNo, writes, afterwards)));
      }
    }
    List<ClientResult> results = new ArrayList<>();
    for (Future<ClientResult> future : futures) {
      results.add(future.get()); // rethrows the first client's failure with its assertion message
    }
    return results;
  }

  private static ClientResult oneClient(TwoNodeCluster cluster, int clientNo, int writes, Consumer<PotoClient> afterwards) {
    try (PotoClient client = cluster.balancedClient()) {
      client.loginAsVisitor();
      ClusterModuleClient module = new ClusterModuleClient(client);
      String userId = client.userId();
      Set<String> nodes = new HashSet<>();
      String[] values = new String[writes];
      String[] writtenOn = new String[writes];
      int cross = 0;
      int calls = 0;
      for (int i = 0; i < writes; i++) {
        values[i] = "client" + clientNo + "-value" + i + "-" + TwoNodeCluster.random(6);
        SessionReply written = module.put("key" + i, values[i]);
        assertEquals(userId, written.userId(), "the node saw another caller");
        writtenOn[i] = written.node();
        SessionReply read = module.get("key" + i);
        calls += 2;
        assertEquals(values[i], read.value(),
            "client " + clientNo + " key" + i + " written on node " + written.node() + ", read on node " + read.node());
        nodes.add(written.node());
        nodes.add(read.node());
        cross += read.node().equals(written.node()) ? 0 : 1;
      }
      for (int i = 0; i < writes; i++) {
        SessionReply read = module.get("key" + i);
        calls++;
        assertEquals(values[i], read.value(),
            "client " + clientNo + " key" + i + " written on node " + writtenOn[i] + ", read again on node " + read.node());
        nodes.add(read.node());
        cross += read.node().equals(writtenOn[i]) ? 0 : 1;
      }
      afterwards.accept(client);
      return new ClientResult(userId, nodes, cross, calls);
    }
  }
}
