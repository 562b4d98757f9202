package dev.poto.it.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** byte[] and InputStream results (and byte[] parameters) end to end. */
class BinaryResultsTest {
  static final long MB = 1024 * 1024;
  static StreamServer server;

  @BeforeAll
  static void start() {
    server = new StreamServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static long crcOf(InputStream in, long[] count, Runnable atHalf, long half) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    boolean halfSeen = false;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      crc.update(buffer, 0, n);
      count[0] += n;
      if (!halfSeen && count[0] >= half) {
        halfSeen = true;
        atHalf.run();
      }
    }
    return crc.getValue();
  }

  static long usedHeapAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Server and client share this JVM, and the client only checksums what it reads, so live heap that
   * grows by the body size can only be the server buffering the body. The heap is measured after a
   * full GC (so only live objects count) while the body is half way through: a server that collected
   * the body before sending it (a byte array, a ByteArrayOutputStream, Jetty aggregating the whole
   * response) would hold at least those 60 MB live at that moment; streaming holds a few chunks.
   */
  @Test
  void aHundredMegabyteInputStreamArrivesByteExactWithoutTheServerHoldingIt() throws Exception {
    long size = 100 * MB;
    long seed = 42;
    long expected = crcOf(new GeneratedBytes(size, seed), new long[1], () -> {}, Long.MAX_VALUE);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedHeapAfterGc(memory);
    long[] midway = new long[1];
    long[] received = new long[1];

    long actual;
    try (PotoClient client = server.visitor();
        InputStream body = new StreamModuleClient(client).generated(size, seed)) {
      actual = crcOf(body, received, () -> midway[0] = usedHeapAfterGc(memory), 60 * MB);
    }

    assertThat(received[0]).isEqualTo(size);
    assertThat(actual).as("CRC-32 of the body").isEqualTo(expected);
    long growth = midway[0] - before;
    System.out.printf("Heap growth with 60 MB of a 100 MB body sent: %d KB%n", growth / 1024);
    assertThat(growth).as("live heap growth while the body streams").isLessThan(50 * MB);
    StreamServer.await("the binary body is closed", () -> server.openStreams() == 0);
  }

  @Test
  void aByteArrayParameterAndResultRoundTrip() {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    try (PotoClient client = server.visitor()) {
      byte[] back = new StreamModuleClient(client).reversed(data);
      assertThat(back).hasSize(data.length);
      for (int i = 0; i < data.length; i++) {
        assertThat(back[i]).isEqualTo(data[data.length - 1 - i]);
      }
      assertThat(new StreamModuleClient(client).reversed(new byte[0])).isEmpty();
    }
  }

  @Test
  void aByteArrayResultHasAContentLength() throws Exception {
    String token;
    try (PotoClient login = server.visitor()) {
      token = login.token();
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> response = http.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/poto/streams/reversed"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"AQID\"}")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/octet-stream"));
    assertThat(response.headers().firstValue("Content-Length")).hasValue("3");
    assertThat(response.body()).containsExactly(3, 2, 1);
    http.shutdownNow();
  }

  @Test
  void anInputStreamFailingAfterBytesWereSentBreaksTheBodyInsteadOfEndingItShort() {
    try (PotoClient client = server.visitor();
        InputStream body = new StreamModuleClient(client).failingAfter(200_000)) {
      assertThatThrownBy(() -> {
            long total = 0;
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) >= 0) {
              total += n;
            }
            throw new AssertionError("the body ended normally after " + total + " bytes");
          })
          .isInstanceOf(IOException.class);
    } catch (IOException closing) {
      // closing a broken body may fail too
    }
    StreamServer.await("the failed body is closed", () -> server.openStreams() == 0);
  }
}
