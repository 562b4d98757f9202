package dev.poto.client;

import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.param;
import static dev.poto.client.Methods.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PotoClientBinaryTest {
  private static final RpcMethod EXPORT = method("files", "export", type(byte[].class), ResultKind.BYTES);
  private static final RpcMethod DOWNLOAD = method("files", "download", type(InputStream.class), ResultKind.INPUT_STREAM,
      param("seed", byte[].class));

  private final byte[] payload = new byte[300_000];
  private FakeServer server;
  private PotoClient client;

  @BeforeEach
  void start() throws Exception {
    new Random(42).nextBytes(payload);
    server = new FakeServer();
    client = PotoClient.create(server.baseUrl());
    FakeServer.Handler binary = (req, ex) -> {
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(200, payload.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(payload);
      }
    };
    server.on("/poto/files/export", binary).on("/poto/files/download", binary);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void bytesReadsTheWholeBody() {
    byte[] result = client.bytes(EXPORT);

    assertThat(result).isEqualTo(payload);
    assertThat(server.received().getFirst().header("Accept")).isEqualTo("application/octet-stream");
  }

  @Test
  void inputStreamDeliversTheBodyAndByteArrayParametersTravelAsBase64() throws Exception {
    byte[] seed = {1, 2, 3, (byte) 0xff};

    try (InputStream in = client.inputStream(DOWNLOAD, (Object) seed)) {
      assertThat(in.readAllBytes()).isEqualTo(payload);
    }
    assertThat(server.received().getFirst().body())
        .isEqualTo("{\"seed\":\"" + Base64.getEncoder().encodeToString(seed) + "\"}");
  }

  @Test
  void aBodyCutOffPartWayFailsTheReadInsteadOfEndingShort() throws Exception {
    server.on("/poto/files/download", (req, ex) -> {
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(200, payload.length);
      OutputStream out = ex.getResponseBody();
      out.write(payload, 0, payload.length / 2);
      out.flush();
      ex.close(); // fewer bytes than announced: the server drops the connection
    });

    try (InputStream in = client.inputStream(DOWNLOAD, (Object) new byte[0])) {
      byte[] buffer = new byte[8192];
      long total = 0;
      IOException failure = null;
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          total += n;
        }
      } catch (IOException e) {
        failure = e;
      }
      assertThat(failure).as("read %d of %d bytes and then a clean end", total, payload.length).isNotNull();
      assertThat(total).isLessThan(payload.length);
    }
  }

  @Test
  void binaryErrorAnswersBecomeRpcExceptions() {
    server.on("/poto/files/export", (req, ex) -> FakeServer.problem(ex, 404, "not_found", "no such file"));
    server.on("/poto/files/download", (req, ex) -> FakeServer.problem(ex, 401, "unauthenticated", "log in"));

    assertThat(catchThrowableOfType(RpcException.class, () -> client.bytes(EXPORT)).code()).isEqualTo("not_found");
    assertThat(catchThrowableOfType(RpcException.class, () -> client.inputStream(DOWNLOAD, (Object) new byte[0]))
        .code()).isEqualTo("unauthenticated");
  }
}
