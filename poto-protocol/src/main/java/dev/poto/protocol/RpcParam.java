package dev.poto.protocol;

import com.fasterxml.jackson.databind.JavaType;
import java.util.Objects;

/**
 * One parameter of an {@code @Rpc} method as it travels on the wire: a key of the JSON body.
 *
 * @param name the Java parameter name, which is the JSON key
 * @param type the precomputed Jackson type used to decode (server) and encode (client) the value
 * @param required false for {@code @Nullable} and {@code Optional} parameters, which may be absent
 */
public record RpcParam(String name, JavaType type, boolean required) {
  public RpcParam {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A JSON null or an absent key cannot become a Java primitive. */
  public boolean primitive() {
    return type.isPrimitive();
  }
}
