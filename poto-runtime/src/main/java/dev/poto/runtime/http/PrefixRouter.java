package dev.poto.runtime.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * Poto's single Javalin route: every request under the prefix, whatever its method, goes either to
 * the generated client's files ({@code {prefix}/_client/...}) or to {@link RpcHandler}.
 *
 * <p>One wildcard route without path parameters, rather than a route per module or a {@code <path>}
 * parameter: Javalin tries routes in order with a regex each and decodes path parameters into a map
 * for every request, which made routing a visible part of a small call's cost.
 */
public final class PrefixRouter implements Handler {
  private final String prefix;
  private final RpcHandler calls;
  private final ClientAssetsHandler clientAssets;

  public PrefixRouter(String prefix, RpcHandler calls, ClientAssetsHandler clientAssets) {
    this.prefix = prefix;
    this.calls = calls;
    this.clientAssets = clientAssets;
  }

  /** The Javalin paths to register this handler under (the prefix itself and everything below it). */
  public static List<String> paths(String prefix) {
    return prefix.isEmpty() ? List.of("/", "/*") : List.of(prefix, prefix + "/*");
  }

  @Override
  public void handle(Context ctx) {
    CallPath path = CallPath.of(ctx, prefix);
    if (path.module().equals(ClientAssetsHandler.ROUTE)) {
      clientAssets.handle(ctx);
    } else {
      calls.handle(ctx, path);
    }
  }
}
