package dev.poto.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.protocol.Upload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a call's arguments as the request body: one JSON object keyed by parameter name. Each value
 * is written with its parameter's declared type, not its runtime class, so a sealed interface's type
 * id or a generic element type comes out exactly as the server will read it.
 *
 * <p>A null argument for an optional parameter is left out (the server treats an absent key as null);
 * a null for a required one is written as {@code null} so the server answers {@code null_argument}.
 */
final class ArgumentEncoder {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final ObjectMapper mapper;
  private final JsonFactory bodyFactory;
  /** Resolved once per declared type with this client's mapper (its modules and type modifiers). */
  private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

  ArgumentEncoder(ObjectMapper mapper) {
    this.mapper = mapper;
    // The body's own object is the first of the protocol's nesting levels. A generator that starts
    // inside an object counts each level the mapper's limit (which is set for values written from
    // the top) allows, plus that object: its own limit is the protocol's, so values may use the rest.
    this.bodyFactory = mapper.getFactory().rebuild()
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Protocol.MAX_NESTING_DEPTH).build())
        .build();
  }

  byte[] encode(RpcMethod method, Object[] args) {
    return encode(method, args, false);
  }

  /**
   * The arguments other than an upload, as the JSON object; with {@code ascii}, every other character
   * escaped (backslash, u, four hex digits), so the object can travel in a header.
   */
  byte[] encode(RpcMethod method, Object[] args, boolean ascii) {
    List<RpcParam> params = method.params();
    int given = args == null ? 0 : args.length;
    if (given != params.size()) {
      throw new IllegalArgumentException(method.path() + " takes " + params.size() + " argument(s), got " + given);
    }
    if (given == 0) {
      return EMPTY_OBJECT;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * given);
    try (JsonGenerator json = bodyFactory.createGenerator(out)) {
      if (ascii) {
        json.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
      }
      json.writeStartObject();
      for (int i = 0; i < given; i++) {
        RpcParam param = params.get(i);
        Object value = args[i];
        if ((value == null && !param.required()) || param.type() == Upload.class) {
          continue;
        }
        json.writeFieldName(param.name());
        writerFor(param.type()).writeValue(json, value);
      }
      json.writeEndObject();
    } catch (IOException e) {
      // Only a value Jackson cannot serialize gets here: the output is in memory.
      throw new IllegalArgumentException("cannot encode the arguments of " + method.path() + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** A JSON object of plain string fields, for the auth endpoints. */
  byte[] encodeObject(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectWriter writerFor(Type type) {
    return writers.computeIfAbsent(type, declared -> mapper.writerFor(mapper.constructType(declared)));
  }
}
