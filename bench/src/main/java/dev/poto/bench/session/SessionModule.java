package dev.poto.bench.session;

import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.runtime.Sessions;

/** Session reads and writes over HTTP, for the session benchmark. */
@RpcModule("benchsession")
public class SessionModule {
  static final String KEY = "cart";

  @Rpc
  public void put(Cart cart) {
    Sessions.setSessionValue(KEY, cart);
  }

  @Rpc
  public Cart get() {
    return Sessions.getSessionValue(KEY, Cart.class).orElse(null);
  }
}
