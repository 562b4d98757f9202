package dev.poto.runtime.upload;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.protocol.Upload;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A module with one upload method, in the shape of the processor's output:
 * {@code Stored store(String folder, Upload file)}; what it does is the test's.
 */
final class FilesDispatcher implements ModuleDispatcher {
  /** Any annotation of that simple name lets a record component be null on the wire. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @interface Nullable {}

  record Stored(String folder, @Nullable String fileName, String contentType, long declaredLength, long size, String sha256) {}

  static final RpcMethod STORE = new RpcMethod("files", "store", 0, ResultKind.VALUE, Stored.class,
      new RpcParam("folder", String.class, true),
      new RpcParam("file", Upload.class, true));

  private final BiFunction<String, Upload, Stored> store;

  FilesDispatcher(BiFunction<String, Upload, Stored> store) {
    this.store = store;
  }

  @Override
  public List<RpcMethod> methods() {
    return List.of(STORE);
  }

  @Override
  public MethodAccess access(int index) {
    return MethodAccess.AUTHENTICATED;
  }

  @Override
  public Object invoke(int index, Object[] args) {
    return store.apply((String) args[0], (Upload) args[1]);
  }
}
