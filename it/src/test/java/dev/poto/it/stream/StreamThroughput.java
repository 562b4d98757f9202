package dev.poto.it.stream;

import dev.poto.client.PotoClient;
import java.io.InputStream;

/**
 * A quick local measurement, not a test: items per second for 1,000,000 small records and MB/s for a
 * 100 MB InputStream, both through the generated Java client against an in-process server. Run with
 * the it test classpath: {@code java -cp ... dev.poto.it.stream.StreamThroughput}.
 */
public final class StreamThroughput {
  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    try (StreamServer server = new StreamServer(); PotoClient client = server.visitor()) {
      StreamModuleClient streams = new StreamModuleClient(client);
      for (int run = 0; run < 8; run++) {
        long start = System.nanoTime();
        long sum = streams.small(items).mapToLong(Small::id).sum();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sum != (long) items * (items - 1) / 2) {
          throw new AssertionError("wrong sum " + sum);
        }
        System.out.printf("run %d: %,d items in %.3f s = %,.0f items/s%n", run, items, seconds, items / seconds);
      }
      // The server alone: the same stream read as raw bytes, nothing decoded on the client side.
      java.net.http.HttpClient raw = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      for (int run = 0; run < 4; run++) {
        long start = System.nanoTime();
        long bytes;
        try (InputStream in = raw.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/poto/streams/small"))
                .header("Authorization", "Bearer " + client.token()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"count\":" + items + "}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofInputStream()).body()) {
          bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw run %d: %,d items (%,d bytes) in %.3f s = %,.0f items/s%n", run, items, bytes, seconds, items / seconds);
      }
      raw.shutdownNow();
      long size = 100L * 1024 * 1024;
      byte[] buffer = new byte[64 * 1024];
      for (int run = 0; run < 4; run++) {
        long start = System.nanoTime();
        long total = 0;
        try (InputStream in = streams.generated(size, 1)) {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            total += n;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("binary run %d: %,d bytes in %.3f s = %.0f MB/s%n", run, total, seconds, total / 1048576.0 / seconds);
      }
    }
  }
}
