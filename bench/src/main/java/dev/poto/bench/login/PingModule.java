package dev.poto.bench.login;

import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;

/** The unrelated public call whose latency the login flood must not ruin. */
@RpcModule("ping")
public class PingModule {
  @Rpc
  @Public
  public long ping(long value) {
    return value + 1;
  }
}
