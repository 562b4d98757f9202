package dev.poto.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.dispatch.RegisteredMethod;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns a call's JSON body into the method's argument array: streams over the top-level object and
 * decodes each value with that parameter's precomputed reader, so the body is parsed once.
 */
public final class ArgumentDecoder {
  private final ObjectMapper mapper;

  public ArgumentDecoder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @throws RpcException 400 with {@code malformed_json}, {@code unknown_argument},
   *     {@code null_argument}, {@code invalid_argument} or {@code missing_argument}
   */
  public Object[] decode(RegisteredMethod method, byte[] body) {
    List<RpcParam> params = method.rpc().params();
    Object[] args = new Object[params.size()];
    boolean[] seen = new boolean[params.size()];
    if (body.length > 0) {
      readObject(method, body, args, seen);
    }
    for (int i = 0; i < params.size(); i++) {
      RpcParam param = params.get(i);
      if (seen[i]) {
        continue;
      }
      if (param.required() || param.primitive()) {
        throw new RpcException(
            400, ProblemCodes.MISSING_ARGUMENT, "Missing argument '" + param.name() + "'");
      }
      args[i] = absent(param.type());
    }
    return args;
  }

  private void readObject(RegisteredMethod method, byte[] body, Object[] args, boolean[] seen) {
    List<RpcParam> params = method.rpc().params();
    try (JsonParser parser = mapper.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the body must be a JSON object keyed by parameter name");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        int position = method.position(name);
        if (position < 0) {
          throw new RpcException(
              400, ProblemCodes.UNKNOWN_ARGUMENT,
              "Unknown argument '" + printable(name) + "' for " + method.rpc().path());
        }
        if (seen[position]) {
          throw new RpcException(
              400, ProblemCodes.INVALID_ARGUMENT, "Argument '" + name + "' is given more than once");
        }
        seen[position] = true;
        RpcParam param = params.get(position);
        JsonToken valueToken = parser.nextToken();
        if (valueToken == JsonToken.VALUE_NULL) {
          if (param.required() || param.primitive()) {
            throw new RpcException(
                400, ProblemCodes.NULL_ARGUMENT, "Argument '" + name + "' must not be null");
          }
          args[position] = absent(param.type());
          continue;
        }
        args[position] = readValue(method, position, param, parser);
      }
      if (token != JsonToken.END_OBJECT) {
        throw malformed("the body is not a complete JSON object");
      }
      if (parser.nextToken() != null) {
        throw malformed("unexpected content after the JSON object");
      }
    } catch (StreamReadException e) {
      throw malformed("the body is not valid JSON");
    } catch (IOException e) {
      throw malformed("the body could not be parsed");
    }
  }

  private static Object readValue(RegisteredMethod method, int position, RpcParam param, JsonParser parser)
      throws IOException {
    try {
      Object value = method.reader(position).readValue(parser);
      if (value == null && (param.required() || param.primitive())) {
        throw new RpcException(
            400, ProblemCodes.NULL_ARGUMENT, "Argument '" + param.name() + "' must not be null");
      }
      return value;
    } catch (StreamReadException e) {
      throw e; // broken JSON, not a wrong shape
    } catch (JsonMappingException e) {
      throw new RpcException(
          400,
          ProblemCodes.INVALID_ARGUMENT,
          "Argument '" + param.name() + "'" + where(e) + " does not have the expected shape ("
              + describe(param.type()) + ")");
    }
  }

  /** What an absent or null optional parameter becomes. */
  private static Object absent(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == Optional.class) {
      return Optional.empty();
    } else if (raw == OptionalInt.class) {
      return OptionalInt.empty();
    } else if (raw == OptionalLong.class) {
      return OptionalLong.empty();
    } else if (raw == OptionalDouble.class) {
      return OptionalDouble.empty();
    }
    return null;
  }

  /** The JSON path inside the argument where decoding failed, e.g. {@code at items[2].title}. */
  private static String where(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(printable(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "" : " at " + path;
  }

  private static String describe(JavaType type) {
    if (type.isPrimitive() || type.getRawClass() == String.class || Number.class.isAssignableFrom(type.getRawClass())) {
      return "expected " + type.getRawClass().getSimpleName();
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return "expected an array";
    }
    if (type.isMapLikeType()) {
      return "expected an object";
    }
    return "expected " + type.getRawClass().getSimpleName();
  }

  private static RpcException malformed(String why) {
    return new RpcException(400, ProblemCodes.MALFORMED_JSON, "Malformed JSON: " + why);
  }

  private static String printable(String name) {
    String safe = name.replaceAll("[^\\x20-\\x7e]", "?");
    return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
  }
}
