package dev.poto.runtime.dispatch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.protocol.Upload;
import dev.poto.runtime.errors.DeclaredErrorEncoder;
import dev.poto.runtime.stream.StreamItems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One callable method with everything the request path needs precomputed from its descriptor with the
 * runtime's own {@code ObjectMapper} (its modules and type modifiers): the parameters' Jackson types and
 * readers, the result writer, the parameter positions by name, and the access policy. Built once at
 * startup.
 */
public final class RegisteredMethod {
  private final ModuleDispatcher dispatcher;
  private final RpcMethod method;
  private final MethodAccess access;
  private final JavaType[] paramTypes;
  private final ObjectReader[] readers;
  private final ObjectWriter resultWriter;
  private final StreamItems streamItems;
  private final Map<String, Integer> positions;
  private final DeclaredErrorEncoder errors;
  private final int uploadPosition;

  RegisteredMethod(ModuleDispatcher dispatcher, RpcMethod method, ObjectMapper mapper) {
    this.dispatcher = dispatcher;
    this.method = method;
    this.access = Objects.requireNonNull(dispatcher.access(method.index()),
        () -> dispatcher.getClass().getName() + " names no access for " + method.path());
    List<RpcParam> params = method.params();
    TypeFactory types = mapper.getTypeFactory();
    this.paramTypes = new JavaType[params.size()];
    this.readers = new ObjectReader[params.size()];
    Map<String, Integer> byName = new HashMap<>();
    int upload = -1;
    for (int i = 0; i < params.size(); i++) {
      paramTypes[i] = types.constructType(params.get(i).type());
      if (params.get(i).type() == Upload.class) {
        upload = i; // the body itself, never JSON: no reader
        byName.put(params.get(i).name(), i);
        continue;
      }
      // Each value is read from the middle of the body's object: what follows it is the decoder's business.
      readers[i] = mapper.readerFor(paramTypes[i]).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      byName.put(params.get(i).name(), i);
    }
    this.positions = Map.copyOf(byName);
    this.uploadPosition = upload;
    JavaType resultType = types.constructType(method.resultType());
    this.resultWriter = mapper.writerFor(resultType);
    this.streamItems = StreamItems.of(mapper, resultType, resultWriter);
    this.errors = new DeclaredErrorEncoder(method, mapper);
  }

  /** Writes the method's declared errors with their fields. */
  public DeclaredErrorEncoder errors() {
    return errors;
  }

  public RpcMethod rpc() {
    return method;
  }

  public ModuleDispatcher dispatcher() {
    return dispatcher;
  }

  /** Who may call this method. */
  public MethodAccess access() {
    return access;
  }

  /** The position of the parameter called {@code name}, or -1. */
  public int position(String name) {
    Integer position = positions.get(name);
    return position == null ? -1 : position;
  }

  /** The position of the method's {@code Upload} parameter, or -1 when it takes none. */
  public int uploadPosition() {
    return uploadPosition;
  }

  /** The parameter's type as the runtime's mapper resolved it. */
  public JavaType paramType(int position) {
    return paramTypes[position];
  }

  public ObjectReader reader(int position) {
    return readers[position];
  }

  /** Writes the result type (for stream kinds: the element type). */
  public ObjectWriter resultWriter() {
    return resultWriter;
  }

  /** How a stream result's items are written (for stream kinds; the element type's JSON). */
  public StreamItems streamItems() {
    return streamItems;
  }

  public Object invoke(Object[] args) throws Exception {
    return dispatcher.invoke(method.index(), args);
  }
}
