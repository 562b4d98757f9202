package dev.poto.protocol;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One parameter of an {@code @Rpc} method as it travels on the wire: a key of the JSON body.
 *
 * @param name the Java parameter name, which is the JSON key
 * @param type the declared type: a class literal, or a {@link GenericTypes} recipe; each end resolves it
 *     with its own {@code ObjectMapper}
 * @param required false for {@code @Nullable} and {@code Optional} parameters, which may be absent
 */
public record RpcParam(String name, Type type, boolean required) {
  public RpcParam {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A JSON null or an absent key cannot become a Java primitive. */
  public boolean primitive() {
    return type instanceof Class<?> c && c.isPrimitive();
  }
}
