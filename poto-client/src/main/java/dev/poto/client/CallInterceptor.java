package dev.poto.client;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Wraps every HTTP request a {@link PotoClient} sends (calls, logins, their retries), in the manner of
 * connect-es interceptors: add headers before {@link Chain#proceed}, observe the answer (any status,
 * before an error answer becomes an {@link dev.poto.protocol.RpcException}) after it. Registered with
 * {@link PotoClient.Builder#interceptor}; the first registered is outermost. Runs on the calling thread.
 */
@FunctionalInterface
public interface CallInterceptor {

  /** Sends {@code call} (after changing it, if need be) through the rest of the chain. */
  CallAnswer intercept(OutgoingCall call, Chain next);

  /** The rest of the chain: the next interceptor, or the HTTP exchange itself. */
  @FunctionalInterface
  interface Chain {
    CallAnswer proceed(OutgoingCall call);
  }

  /**
   * Sends {@code Authorization: Bearer <token>} with the token {@code tokens} gives for each request,
   * e.g. an access token of an external OpenID Connect provider that the server accepts. It replaces
   * the token of the client's own login, if any.
   */
  static CallInterceptor bearerToken(Supplier<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return (call, next) -> {
      String token = tokens.get();
      if (token == null || token.isBlank()) {
        throw new IllegalStateException("the bearer token supplier gave no token for " + call.procedure());
      }
      call.header("Authorization", "Bearer " + token);
      return next.proceed(call);
    };
  }
}
