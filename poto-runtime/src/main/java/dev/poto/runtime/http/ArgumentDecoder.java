package dev.poto.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcParam;
import dev.poto.protocol.json.NullElements;
import dev.poto.protocol.json.Utf8Text;
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
 *
 * <p>Broken JSON (including text that is not UTF-8 and repeated keys) is {@code malformed_json};
 * valid JSON that does not fit the parameter's type, or goes beyond a limit of the protocol (a number
 * out of range, nesting too deep), is {@code invalid_argument} with the path of the offending value.
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
      int notUtf8 = Utf8Text.firstInvalid(body, 0, body.length);
      if (notUtf8 >= 0) {
        throw malformed("the body is not UTF-8 text without a byte-order mark (at byte " + notUtf8 + ")");
      }
      readObject(method, body, args, seen);
    }
    for (int i = 0; i < params.size(); i++) {
      RpcParam param = params.get(i);
      if (seen[i] || i == method.uploadPosition()) {
        continue;
      }
      if (param.required() || param.primitive()) {
        throw new RpcException(
            400, ProblemCodes.MISSING_ARGUMENT, "Missing argument '" + param.name() + "'");
      }
      args[i] = absent(method.paramType(i));
    }
    return args;
  }

  private void readObject(RegisteredMethod method, byte[] body, Object[] args, boolean[] seen) {
    List<RpcParam> params = method.rpc().params();
    JsonParser parser;
    try {
      parser = mapper.createParser(body);
    } catch (IOException e) {
      throw malformed("the body could not be parsed");
    }
    try (parser) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the body must be a JSON object keyed by parameter name");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        int position = method.position(name);
        if (position < 0) {
          throw unknownArgument(method, name);
        }
        if (position == method.uploadPosition()) {
          throw new RpcException(400, ProblemCodes.UNKNOWN_ARGUMENT, "Argument '" + Printable.of(name)
              + "' of " + method.rpc().path() + " is the upload: it travels as the request body");
        }
        if (seen[position]) { // only reached when the mapper does not detect duplicate keys itself
          throw malformed("duplicate key '" + Printable.of(name) + "'");
        }
        seen[position] = true;
        RpcParam param = params.get(position);
        JsonToken valueToken = parser.nextToken();
        if (valueToken == JsonToken.VALUE_NULL) {
          if (param.required() || param.primitive()) {
            throw new RpcException(
                400, ProblemCodes.NULL_ARGUMENT, "Argument '" + name + "' must not be null");
          }
          args[position] = absent(method.paramType(position));
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
    } catch (StreamConstraintsException e) {
      // A number too long, met while the parser looked ahead from a key to its value: the key was
      // read first, so an unknown one answers as such (docs/PROTOCOL.md §2, key by key).
      String key = parser.getParsingContext().inObject() ? parser.getParsingContext().getCurrentName() : null;
      if (key != null && method.position(key) < 0) {
        throw unknownArgument(method, key);
      }
      String path = ValuePaths.at(parser);
      if (path.isEmpty()) {
        throw malformed("unexpected content after the JSON object");
      }
      String argument = " '" + path.split("[.\\[]", 2)[0] + "'";
      throw new RpcException(400, ProblemCodes.INVALID_ARGUMENT,
          "Argument" + argument + " is invalid at " + path + ": " + ValuePaths.reason(e, null));
    } catch (StreamReadException e) {
      throw malformed(syntaxError(e) + ValuePaths.where(e));
    } catch (IOException e) {
      throw malformed("the body could not be parsed");
    }
  }

  private static Object readValue(RegisteredMethod method, int position, RpcParam param, JsonParser parser)
      throws IOException {
    Object value;
    try {
      value = method.reader(position).readValue(parser);
      NullElements.check(value, param.type()); // Jackson keeps nulls inside a top-level container
    } catch (JsonMappingException e) {
      StreamReadException broken = brokenJson(e);
      if (broken != null) {
        throw broken; // broken JSON inside the value, not a wrong shape
      }
      throw invalid(param, ValuePaths.of(param.name(), e), ValuePaths.reason(e, method.paramType(position)));
    } catch (InputCoercionException | StreamConstraintsException e) {
      // Valid JSON beyond what the type or the protocol allows: a number out of range, nesting too deep.
      throw invalid(param, ValuePaths.at(e, param.name()), ValuePaths.reason(e, method.paramType(position)));
    }
    if (value == null && (param.required() || param.primitive())) {
      throw new RpcException(
          400, ProblemCodes.NULL_ARGUMENT, "Argument '" + param.name() + "' must not be null");
    }
    return value;
  }

  /** The JSON syntax error a mapping exception wraps, if that is what it is. */
  private static StreamReadException brokenJson(JsonMappingException e) {
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause instanceof StreamReadException read && !(cause instanceof InputCoercionException)) {
        return read;
      }
    }
    return null;
  }

  private static RpcException unknownArgument(RegisteredMethod method, String name) {
    return new RpcException(
        400, ProblemCodes.UNKNOWN_ARGUMENT, "Unknown argument '" + Printable.of(name) + "' for " + method.rpc().path());
  }

  private static RpcException invalid(RpcParam param, String path, String reason) {
    return new RpcException(
        400, ProblemCodes.INVALID_ARGUMENT, "Argument '" + param.name() + "' is invalid at " + path + ": " + reason);
  }

  private static String syntaxError(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Duplicate field '")) {
      return "duplicate key";
    }
    return "the body is not valid JSON";
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

  private static RpcException malformed(String why) {
    return new RpcException(400, ProblemCodes.MALFORMED_JSON, "Malformed JSON: " + why);
  }
}
