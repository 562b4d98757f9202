package dev.poto.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an idle direct stream borrows from Jetty's buffer pool while it is open: not the servlet
 * output's 32 KiB aggregate buffer, which Jetty gives back only when the answer completes, so an open
 * stream that had taken it held it for its whole life.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked read fails, never hangs
class IdleStreamBuffersTest {
  /** One connection per request in flight: each stream has a connection of its own, as a direct stream does. */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int STREAMS = 6;
  /** Jetty's default output buffer: what each open stream held before. */
  private static final long OUTPUT_AGGREGATE = 32 * 1024;

  @Test
  void anIdleDirectStreamHoldsNoPooledOutputBuffer() throws Exception {
    PotoServer server = PotoServer.create(config -> config
        .module(new DrainModule())
        .host("127.0.0.1").port(0)
        .drainQuietPeriod(Duration.ZERO)
        .jwt(jwt -> jwt.secret(TestServers.SECRET))).start();
    List<InputStream> streams = new ArrayList<>();
    try {
      ArrayByteBufferPool pool =
          (ArrayByteBufferPool) server.javalin().jettyServer().server().getByteBufferPool();
      openIdleStream(server.port(), streams); // the pool's first buckets are made: only loans are counted below
      long before = lentDirectBytes(pool);

      for (int i = 0; i < STREAMS; i++) {
        openIdleStream(server.port(), streams);
      }
      long lentPerStream = (lentDirectBytes(pool) - before) / STREAMS;

      assertThat(lentPerStream)
          .as("direct bytes lent per open idle stream (the output aggregate alone was %d)", OUTPUT_AGGREGATE)
          .isLessThan(OUTPUT_AGGREGATE / 2);
    } finally {
      for (InputStream stream : streams) {
        stream.close();
      }
      server.stop();
    }
  }

  /**
   * Direct memory taken from the pool and not given back: pooled buffers in use, and buffers lent
   * beyond what a bucket keeps (Jetty's "reserved" ones, which a stream's 32 KiB aggregate was).
   */
  private static long lentDirectBytes(ArrayByteBufferPool pool) {
    return pool.getDirectMemory() - pool.getAvailableDirectMemory() + pool.getReserved();
  }

  /** Opens {@code drain/ticks} on a connection of its own and reads up to its first item. */
  private static void openIdleStream(int port, List<InputStream> streams) throws Exception {
    HttpResponse<InputStream> stream = CLIENT.send(
        new TestHttp(port).request("/poto/drain/ticks").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    streams.add(stream.body());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(events.readLine()).isEqualTo("event: item");
    assertThat(events.readLine()).isEqualTo("data: \"tick\"");
  }
}
