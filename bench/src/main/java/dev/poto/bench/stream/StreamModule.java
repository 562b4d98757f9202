package dev.poto.bench.stream;

import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import java.io.InputStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Stream and binary results for the throughput benchmark; items are made as they are sent. */
@RpcModule("benchstream")
public class StreamModule {
  @Rpc
  public Stream<Rec> records(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Rec(i, "item", i * 31L));
  }

  @Rpc
  public InputStream blob(long bytes) {
    return new PatternInputStream(bytes);
  }
}
