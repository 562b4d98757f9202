package dev.poto.it.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.client.CallOptions;
import dev.poto.client.PotoClient;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.Upload;
import dev.poto.runtime.PotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code Upload} parameter through the generated Java client, over real HTTP. */
class UploadsOverHttpTest {
  private static final UploadsModule MODULE = new UploadsModule();
  private static PotoServer server;
  private static PotoClient poto;
  private static UploadsModuleClient uploads;

  @BeforeAll
  static void start() {
    server = PotoServer.builder().host("127.0.0.1").port(0).module(MODULE)
        .jwt(jwt -> jwt.secret("uploads-test-secret-uploads-test-secret-0123")).build().start();
    poto = PotoClient.create("http://127.0.0.1:" + server.port());
    uploads = new UploadsModuleClient(poto);
  }

  @AfterAll
  static void stop() {
    if (poto != null) poto.close();
    if (server != null) server.stop();
  }

  @Test
  void theMethodGetsTheBytesTheirTypeTheFileNameAndTheOtherArguments(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[3 * 1024 * 1024 + 7];
    new java.util.Random(7).nextBytes(bytes);
    Path file = dir.resolve("résumé 1.pdf");
    Files.write(file, bytes);
    UploadsModule.Received received = uploads.digest("naïve ✓", Upload.of(file), 3);
    assertThat(received.sha256()).isEqualTo(sha256(bytes));
    assertThat(received.length()).isEqualTo(bytes.length);
    assertThat(received.fileName()).isEqualTo("résumé 1.pdf");
    assertThat(received.label()).isEqualTo("naïve ✓");
    assertThat(received.copies()).isEqualTo(3);
    assertThat(received.contentType()).isEqualTo(Files.probeContentType(file) == null
        ? Upload.OCTET_STREAM : Files.probeContentType(file));

    UploadsModule.Received small = uploads.digest("bytes", Upload.of("hello".getBytes(StandardCharsets.UTF_8), "text/plain"), null);
    assertThat(small).isEqualTo(new UploadsModule.Received("bytes", null, "text/plain", null, 5,
        sha256("hello".getBytes(StandardCharsets.UTF_8))));

    UploadsModule.Received empty = uploads.digest("empty", Upload.of(new byte[0], "application/x-empty"), null);
    assertThat(empty.length()).isZero();
    assertThat(empty.sha256()).isEqualTo(sha256(new byte[0]));
  }

  @Test
  void aDeadlineThatPassesMidUploadCancelsTheCallOnTheServerAndFailsItWithDeadlineExceeded() throws Exception {
    MODULE.watchedOutcomes.clear();
    CountDownLatch release = new CountDownLatch(1);
    // 64 KiB, then nothing until the test ends: the deadline passes while the server is reading.
    InputStream stalling = new InputStream() {
      private int left = 64 * 1024;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left > 0) {
          int n = Math.min(len, left);
          left -= n;
          return n;
        }
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException();
        }
        throw new IOException("released");
      }
    };
    try {
      UploadsModuleClient withDeadline = new UploadsModuleClient(poto.withOptions(CallOptions.ofTimeout(Duration.ofMillis(700))));
      RpcException failure = catchThrowableOfType(RpcException.class,
          () -> withDeadline.watched(Upload.of(stalling, "application/octet-stream", null)));
      assertThat(failure).isNotNull();
      assertThat(failure.code()).isEqualTo(ProblemCodes.DEADLINE_EXCEEDED);
      assertThat(failure.status()).isEqualTo(504);
      // The server saw the call cancelled while it was reading the body.
      assertThat(MODULE.watchedOutcomes.poll(15, TimeUnit.SECONDS)).isEqualTo("cancelled");
    } finally {
      release.countDown();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
