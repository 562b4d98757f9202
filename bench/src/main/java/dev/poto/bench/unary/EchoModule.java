package dev.poto.bench.unary;

import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;

/** The generated side of the unary benchmark: Poto decodes, checks the token, dispatches and encodes. */
@RpcModule("bench")
public class EchoModule {
  @Rpc
  public Item echo(Item item) {
    return item;
  }
}
