package dev.poto.runtime.dispatch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One callable method with everything the request path needs precomputed: a Jackson reader per
 * parameter, the result writer, and the parameter positions by name. Built once at startup.
 */
public final class RegisteredMethod {
  private final ModuleDispatcher dispatcher;
  private final RpcMethod method;
  private final ObjectReader[] readers;
  private final ObjectWriter resultWriter;
  private final Map<String, Integer> positions;

  RegisteredMethod(ModuleDispatcher dispatcher, RpcMethod method, ObjectMapper mapper) {
    this.dispatcher = dispatcher;
    this.method = method;
    List<RpcParam> params = method.params();
    this.readers = new ObjectReader[params.size()];
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < params.size(); i++) {
      // Each value is read from the middle of the body's object: what follows it is the decoder's business.
      readers[i] = mapper.readerFor(PotoJson.resolve(mapper, params.get(i).type()))
          .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      byName.put(params.get(i).name(), i);
    }
    this.positions = Map.copyOf(byName);
    this.resultWriter = mapper.writerFor(PotoJson.resolve(mapper, method.resultType()));
  }

  public RpcMethod rpc() {
    return method;
  }

  public ModuleDispatcher dispatcher() {
    return dispatcher;
  }

  /** The position of the parameter called {@code name}, or -1. */
  public int position(String name) {
    Integer position = positions.get(name);
    return position == null ? -1 : position;
  }

  public ObjectReader reader(int position) {
    return readers[position];
  }

  /** Writes the result type (for stream kinds: the element type). */
  public ObjectWriter resultWriter() {
    return resultWriter;
  }

  public Object invoke(Object[] args) throws Exception {
    return dispatcher.invoke(method, args);
  }
}
