package dev.poto.runtime.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.Upload;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.upload.FilesDispatcher.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads (docs/PROTOCOL.md §1a) through the Java client against a real server: the bytes arrive
 * exactly, with the other arguments, the media type and the file name; the server never holds the body;
 * limits answer 413; a caller that goes away mid-upload fails the method's read and cancels the call.
 */
class UploadTest {
  private static final long LIMIT = 4L * 1024 * 1024;
  private PotoServer server;
  private PotoClient client;
  private final AtomicInteger calls = new AtomicInteger();

  private void start(long maxUploadBytes, BiFunction<String, Upload, Stored> store) {
    server = TestServers.start(config -> config.maxUploadBytes(maxUploadBytes).module(new FilesDispatcher((folder, upload) -> {
      calls.incrementAndGet();
      return store.apply(folder, upload);
    })));
    client = PotoClient.create("http://127.0.0.1:" + server.port());
    client.loginAsVisitor();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.stop();
  }

  /** Reads the upload to its end, keeping nothing but a digest. */
  private static Stored digest(String folder, Upload upload) {
    try (InputStream in = upload.open()) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      long size = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
        size += n;
      }
      return new Stored(folder, upload.fileName().orElse(null), upload.contentType(),
          upload.length().orElse(-1), size, HexFormat.of().formatHex(sha.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Stored store(String folder, Upload upload) {
    return client.call(FilesDispatcher.STORE, folder, upload);
  }

  /** {@code size} bytes of a fixed pseudo-random sequence, made as they are read. */
  private static InputStream pattern(long size) {
    return new InputStream() {
      private long left = size;
      private long state = 0x9E3779B97F4A7C15L;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
          b[off + i] = (byte) state;
        }
        left -= n;
        return n;
      }
    };
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      sha.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void aStreamOfUnknownLengthArrivesExactlyWithTheOtherArgumentsTypeAndName() throws Exception {
    start(LIMIT, UploadTest::digest);
    long size = 3 * 1024 * 1024 + 17;
    Stored stored = store("Ünïcødé ✓ \"folder\"", Upload.of(pattern(size), "application/x-test; v=1", "résumé 1 (final).pdf"));
    assertThat(stored).isEqualTo(new Stored("Ünïcødé ✓ \"folder\"", "résumé 1 (final).pdf", "application/x-test; v=1",
        -1, size, sha256(pattern(size))));
  }

  @Test
  void bytesAndFilesGoWithTheirLength(@TempDir Path dir) throws Exception {
    start(LIMIT, UploadTest::digest);
    byte[] bytes = pattern(100_000).readAllBytes();
    assertThat(store("a", Upload.of(bytes, "image/png"))).isEqualTo(
        new Stored("a", null, "image/png", bytes.length, bytes.length, sha256(pattern(100_000))));
    Path file = Files.write(dir.resolve("notes.txt"), bytes);
    Stored fromFile = store("b", Upload.of(file));
    assertThat(fromFile.fileName()).isEqualTo("notes.txt");
    assertThat(fromFile.declaredLength()).isEqualTo(bytes.length);
    assertThat(fromFile.sha256()).isEqualTo(sha256(pattern(100_000)));
    assertThat(store("c", Upload.of(new byte[0], Upload.OCTET_STREAM)).size()).isZero();
  }

  /** Reported, and checked against a body held in memory: retained heap stays far below the upload's size. */
  @Test
  void aHundredMegabyteUploadLeavesTheServersHeapFlat() throws Exception {
    long size = 100L * 1024 * 1024;
    AtomicLong baseline = new AtomicLong();
    AtomicLong retainedMidway = new AtomicLong();
    start(size, (folder, upload) -> {
      try (InputStream in = upload.open()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
          sha.update(buffer, 0, n);
          read += n;
          if (read >= size / 2 && retainedMidway.get() == 0) {
            retainedMidway.set(usedAfterGc());
          }
        }
        return new Stored(folder, null, upload.contentType(), upload.length().orElse(-1), read,
            HexFormat.of().formatHex(sha.digest()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
    baseline.set(usedAfterGc());
    Stored stored = store("big", Upload.of(pattern(size), Upload.OCTET_STREAM, null));
    long growth = retainedMidway.get() - baseline.get();
    System.out.printf("UploadTest: 100 MiB upload, heap retained halfway %d KiB over the %d KiB baseline%n",
        growth / 1024, baseline.get() / 1024);
    assertThat(stored.size()).isEqualTo(size);
    assertThat(stored.sha256()).isEqualTo(sha256(pattern(size)));
    assertThat(growth).as("heap retained while 50 MiB of the upload had been read").isLessThan(16L * 1024 * 1024);
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeTheMethodRuns() {
    start(LIMIT, UploadTest::digest);
    assertThatThrownBy(() -> store("x", Upload.of(new byte[(int) LIMIT + 1], Upload.OCTET_STREAM)))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.code()).isEqualTo(ProblemCodes.PAYLOAD_TOO_LARGE);
        });
    assertThat(calls).hasValue(0);
    assertThat(store("x", Upload.of(new byte[(int) LIMIT], Upload.OCTET_STREAM)).size()).isEqualTo(LIMIT);
  }

  @Test
  void aStreamThatPassesTheLimitFailsTheMethodsReadAndAnswers413() {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    start(LIMIT, (folder, upload) -> {
      try {
        return digest(folder, upload);
      } catch (RuntimeException e) {
        seen.complete(e);
        throw e;
      }
    });
    assertThatThrownBy(() -> store("x", Upload.of(pattern(LIMIT + 1), Upload.OCTET_STREAM, null)))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.code()).isEqualTo(ProblemCodes.PAYLOAD_TOO_LARGE);
        });
    assertThat(seen.join()).isInstanceOf(RpcException.class).hasMessageContaining("limit of " + LIMIT);
  }

  @Test
  void aMethodThatSwallowsTheLimitStillAnswers413() {
    start(LIMIT, (folder, upload) -> {
      try {
        return digest(folder, upload);
      } catch (RuntimeException e) {
        return new Stored(folder, null, "", 0, 0, "partial"); // must not reach the caller
      }
    });
    assertThatThrownBy(() -> store("x", Upload.of(pattern(2 * LIMIT), Upload.OCTET_STREAM, null)))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  /**
   * A caller still sending an upload past the limit reads the 413: the server drops the rest of the
   * body (within its bound) before answering, instead of closing a connection with unread bytes, which
   * the kernel resets under the caller's feet.
   */
  @Test
  void aCallerStillSendingAnUploadPastTheLimitReadsThe413() throws Exception {
    start(LIMIT, (folder, upload) -> {
      try {
        return digest(folder, upload);
      } catch (RuntimeException e) {
        return new Stored(folder, null, "", 0, 0, "partial"); // must not reach the caller
      }
    });
    String token = client.token();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      String head = "POST /poto/files/store HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
          + Protocol.ARGS_HEADER + ": {\"folder\":\"a\"}\r\nContent-Type: application/octet-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      for (long sent = 0; sent < LIMIT + 8L * 1024 * 1024; sent += chunk.length) {
        out.write(size);
        out.write(chunk);
        out.write(new byte[] {'\r', '\n'});
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] answer = new byte[12];
      int read = socket.getInputStream().readNBytes(answer, 0, answer.length);
      assertThat(new String(answer, 0, read, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void theUploadIsNotAJsonArgumentAndTheOthersFollowTheRules() throws Exception {
    start(LIMIT, UploadTest::digest);
    String token = client.token();
    assertThat(raw(token, "{\"folder\":\"a\",\"file\":\"x\"}", "abc")).contains(" 400 ").contains(ProblemCodes.UNKNOWN_ARGUMENT);
    assertThat(raw(token, "{}", "abc")).contains(" 400 ").contains(ProblemCodes.MISSING_ARGUMENT);
    assertThat(raw(token, "{\"folder\":\"\u00e9\"}", "abc")).contains(" 400 ").contains(ProblemCodes.MALFORMED_JSON);
    assertThat(raw(null, "{\"folder\":\"a\"}", "abc")).contains(" 401 ").contains(ProblemCodes.UNAUTHENTICATED);
    assertThat(calls).hasValue(0);
    assertThat(raw(token, "{\"folder\":\"\\u00e9\"}", "abc")).contains(" 200 ").contains("\"folder\":\"é\"").contains("\"size\":3");
  }

  @Test
  void anUploadWithAContentCodingIs415AndTheMethodDoesNotRun() throws Exception {
    start(LIMIT, UploadTest::digest);
    String token = client.token();
    assertThat(raw(token, "{\"folder\":\"a\"}", "abc", "Content-Encoding: gzip\r\n"))
        .contains(" 415 ").contains(ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    assertThat(calls).hasValue(0);
    assertThat(raw(token, "{\"folder\":\"a\"}", "abc", "Content-Encoding: identity\r\n")).contains(" 200 ");
  }

  @Test
  void aRepeatedUploadHeaderIsRefusedAndTheMethodDoesNotRun() throws Exception {
    start(LIMIT, UploadTest::digest);
    String token = client.token();
    String folder = "{\"folder\":\"a\"}";
    assertThat(raw(token, folder, "abc", Protocol.ARGS_HEADER + ": {\"folder\":\"b\"}\r\n"))
        .contains(" 400 ").contains(ProblemCodes.MALFORMED_JSON);
    assertThat(raw(token, folder, "abc", Protocol.UPLOAD_NAME_HEADER + ": a.txt\r\n" + Protocol.UPLOAD_NAME_HEADER + ": b.txt\r\n"))
        .contains(" 400 ").contains(ProblemCodes.INVALID_ARGUMENT);
    assertThat(raw(token, folder, "abc", "Content-Type: image/png\r\n")).contains(" 415 ").contains(ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    assertThat(calls).hasValue(0);
    assertThat(raw(token, folder, "abc", Protocol.UPLOAD_NAME_HEADER + ": a.txt\r\n")).contains(" 200 ").contains("a.txt");
  }

  /** One HTTP/1.1 exchange on a socket; the answer's status line and body. */
  private String raw(String token, String args, String body) throws IOException {
    return raw(token, args, body, "");
  }

  /** The same with more header lines, each ending in CRLF. */
  private String raw(String token, String args, String body, String moreHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String head = "POST /poto/files/store HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + moreHeaders
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
          + Protocol.ARGS_HEADER + ": " + args + "\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aCallerThatGoesAwayMidUploadFailsTheMethodsReadAndCancelsTheCall() throws Exception {
    CompletableFuture<Throwable> failedRead = new CompletableFuture<>();
    CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    CompletableFuture<Void> reading = new CompletableFuture<>();
    start(LIMIT, (folder, upload) -> {
      try (InputStream in = upload.open()) {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
          reading.complete(null);
        }
        failedRead.complete(null);
      } catch (IOException | RuntimeException e) {
        failedRead.complete(e);
        cancelled.complete(Poto.isCancelled());
      }
      return null;
    });
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      String head = "POST /poto/files/store HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + client.token()
          + "\r\n" + Protocol.ARGS_HEADER + ": {\"folder\":\"a\"}\r\nContent-Length: " + LIMIT + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(new byte[100_000]);
      out.flush();
      reading.get(10, TimeUnit.SECONDS);
    } // closed with most of the body unsent
    assertThat(failedRead.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    assertThat(cancelled.get(10, TimeUnit.SECONDS)).isTrue();
  }
}
