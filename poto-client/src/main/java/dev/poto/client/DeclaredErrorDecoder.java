package dev.poto.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poto.protocol.DeclaredError;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a problem whose code a method declares into that method's error class, its fields read from
 * the problem's extension members with readers for their declared types (made once per declaration
 * with the client's mapper). A declared problem without a required field, with a field of the wrong
 * shape, or with another status than declared is {@code invalid_response}, never an error with
 * missing values.
 */
final class DeclaredErrorDecoder {
  private final ObjectMapper mapper;
  private final Map<DeclaredError<?>, ObjectReader[]> readers = new ConcurrentHashMap<>();

  DeclaredErrorDecoder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code failure} as the method's declared error when its code is declared, else {@code failure} itself. */
  RpcException decode(RpcMethod method, RpcException failure, byte[] problemBody) {
    DeclaredError<?> declared = method.declaredWithCode(failure.code());
    if (declared == null) {
      return failure;
    }
    String where = "the declared error " + failure.code() + " of " + method.path();
    if (failure.status() != declared.status()) {
      return ClientFailures.invalidResponse(where + " came with status " + failure.status() + " instead of "
          + declared.status(), failure.requestId(), failure);
    }
    try {
      return declared.create(fieldValues(declared, problemBody, where), failure.requestId());
    } catch (IOException | RuntimeException e) {
      return ClientFailures.invalidResponse(where + " could not be read: " + e.getMessage(), failure.requestId(), e);
    }
  }

  private Object[] fieldValues(DeclaredError<?> declared, byte[] body, String where) throws IOException {
    List<RpcParam> fields = declared.fields();
    ObjectReader[] fieldReaders = readers.computeIfAbsent(declared, this::readersOf);
    Object[] values = new Object[fields.size()];
    boolean[] seen = new boolean[fields.size()];
    try (JsonParser json = mapper.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the problem is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        int i = indexOf(fields, name);
        if (i < 0) {
          json.skipChildren(); // Poto's own members, and members a newer server added
          continue;
        }
        values[i] = json.currentToken() == JsonToken.VALUE_NULL ? null : fieldReaders[i].readValue(json);
        seen[i] = true;
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      RpcParam field = fields.get(i);
      if (field.required() && values[i] == null) {
        throw new IOException("field '" + field.name() + "' is " + (seen[i] ? "null" : "missing"));
      }
    }
    return values;
  }

  private ObjectReader[] readersOf(DeclaredError<?> declared) {
    List<RpcParam> fields = declared.fields();
    ObjectReader[] fieldReaders = new ObjectReader[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      fieldReaders[i] = mapper.readerFor(mapper.constructType(fields.get(i).type()))
          .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
    return fieldReaders;
  }

  private static int indexOf(List<RpcParam> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
