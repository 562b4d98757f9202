package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.annotations.RpcError;
import dev.poto.protocol.DeclaredError;
import dev.poto.protocol.DomainException;
import dev.poto.protocol.GenericTypes;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client rebuilds a declared error from the problem exactly, or reports an answer it cannot trust. */
class DeclaredErrorDecodingTest {
  @RpcError(code = "out_of_stock", status = 409)
  public static final class OutOfStock extends DomainException {
    private final long sku;
    private final List<String> stores;

    public OutOfStock(long sku, List<String> stores) {
      super("Out of stock: " + sku);
      this.sku = sku;
      this.stores = stores;
    }

    public long sku() {
      return sku;
    }

    public List<String> stores() {
      return stores;
    }
  }

  @SuppressWarnings("unchecked")
  private static final DeclaredError<OutOfStock> OUT_OF_STOCK = DeclaredError.of(OutOfStock.class,
      e -> new Object[] {e.sku(), e.stores()}, v -> new OutOfStock((long) v[0], (List<String>) v[1]),
      new RpcParam("sku", long.class, true), new RpcParam("stores", GenericTypes.generic(List.class, String.class), true));

  private static final RpcMethod BUY =
      new RpcMethod("shop", "buy", 0, ResultKind.VALUE, String.class, new RpcParam("sku", long.class, true))
          .withErrors(OUT_OF_STOCK);

  private FakeServer server;
  private PotoClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    client = PotoClient.create(server.baseUrl());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void answer(int status, String extension) {
    server.on("/poto/shop/buy", (request, exchange) -> {
      String problem = FakeServer.problemJson(status, "out_of_stock", "Out of stock", "req-1");
      FakeServer.send(exchange, status, "application/problem+json",
          problem.substring(0, problem.length() - 1) + extension + "}");
    });
  }

  @Test
  void aDeclaredProblemBecomesTheErrorClassWithItsFields() {
    answer(409, ",\"sku\":9007199254740993,\"stores\":[\"a\",\"b\"],\"addedLater\":{\"x\":[1]}");
    OutOfStock error = catchThrowableOfType(OutOfStock.class, () -> client.call(BUY, 1L));
    assertThat(error.sku()).isEqualTo(9007199254740993L);
    assertThat(error.stores()).containsExactly("a", "b");
    assertThat(error.requestId()).isEqualTo("req-1");
    assertThat(error.detail()).isEqualTo("Out of stock: 9007199254740993");
  }

  @Test
  void aDeclaredProblemMissingAFieldIsAnInvalidResponse() {
    answer(409, ",\"sku\":1");
    RpcException error = catchThrowableOfType(RpcException.class, () -> client.call(BUY, 1L));
    assertThat(error).isNotInstanceOf(OutOfStock.class);
    assertThat(error.code()).isEqualTo(ProblemCodes.INVALID_RESPONSE);
    assertThat(error.getMessage()).contains("out_of_stock of shop/buy").contains("field 'stores' is missing");
  }

  @Test
  void aDeclaredProblemWithANullOrMisshapenFieldIsAnInvalidResponse() {
    answer(409, ",\"sku\":null,\"stores\":[]");
    assertThat(catchThrowableOfType(RpcException.class, () -> client.call(BUY, 1L)).getMessage())
        .contains("field 'sku' is null");
    answer(409, ",\"sku\":1.5,\"stores\":[]");
    assertThat(catchThrowableOfType(RpcException.class, () -> client.call(BUY, 1L)).code())
        .isEqualTo(ProblemCodes.INVALID_RESPONSE);
    answer(409, ",\"sku\":1,\"sku\":2,\"stores\":[]"); // a repeated key: not a problem document at all
    assertThat(catchThrowableOfType(RpcException.class, () -> client.call(BUY, 1L)))
        .isExactlyInstanceOf(RpcException.class)
        .satisfies(e -> assertThat(e.code()).isEqualTo("unexpected_response"));
  }

  @Test
  void aDeclaredCodeWithAnotherStatusIsAnInvalidResponse() {
    answer(500, ",\"sku\":1,\"stores\":[]");
    RpcException error = catchThrowableOfType(RpcException.class, () -> client.call(BUY, 1L));
    assertThat(error.code()).isEqualTo(ProblemCodes.INVALID_RESPONSE);
    assertThat(error.getMessage()).contains("status 500 instead of 409");
  }

  @Test
  void anUndeclaredCodeStaysAPlainRpcException() {
    server.on("/poto/shop/buy", (request, exchange) -> FakeServer.problem(exchange, 409, "sold_out", "gone"));
    RpcException error = catchThrowableOfType(RpcException.class, () -> client.call(BUY, 1L));
    assertThat(error).isExactlyInstanceOf(RpcException.class);
    assertThat(error.code()).isEqualTo("sold_out");
  }
}
