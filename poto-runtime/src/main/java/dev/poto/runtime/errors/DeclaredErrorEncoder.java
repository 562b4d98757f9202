package dev.poto.runtime.errors;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.DeclaredError;
import dev.poto.protocol.DomainException;
import dev.poto.protocol.Problem;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a method's declared errors as problem+json: Poto's members, then the error's fields as
 * extension members, each with a writer for its declared type made once with the runtime's mapper (so
 * a field crosses the wire exactly as a result of that type would). A required field that holds null
 * cannot be sent as declared, so it fails loudly (the caller gets a 500) instead of arriving as null.
 */
public final class DeclaredErrorEncoder {
  private final ObjectMapper mapper;
  private final Map<DeclaredError<?>, ObjectWriter[]> writers = new HashMap<>();

  public DeclaredErrorEncoder(RpcMethod method, ObjectMapper mapper) {
    this.mapper = mapper;
    for (DeclaredError<?> declared : method.errors()) {
      List<RpcParam> fields = declared.fields();
      ObjectWriter[] fieldWriters = new ObjectWriter[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        fieldWriters[i] = mapper.writerFor(mapper.getTypeFactory().constructType(fields.get(i).type()));
      }
      writers.put(declared, fieldWriters);
    }
  }

  /**
   * The answer's body: {@code problem} (whose code and status are the declaration's) with the fields
   * of {@code error} added.
   *
   * @throws IllegalStateException when a required field is null
   */
  public byte[] encode(Problem problem, DeclaredError<?> declared, DomainException error) {
    Object[] values = declared.values(error);
    List<RpcParam> fields = declared.fields();
    ObjectWriter[] fieldWriters = writers.get(declared);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("type", problem.type());
      json.writeStringField("title", problem.title());
      json.writeNumberField("status", problem.status());
      if (problem.detail() != null) {
        json.writeStringField("detail", problem.detail());
      }
      json.writeStringField("code", problem.code());
      json.writeStringField("requestId", problem.requestId());
      for (int i = 0; i < fields.size(); i++) {
        RpcParam field = fields.get(i);
        if (values[i] == null && field.required()) {
          throw new IllegalStateException("Field '" + field.name() + "' of declared error "
              + declared.type().getName() + " is null but not @Nullable");
        }
        json.writeFieldName(field.name());
        fieldWriters[i].writeValue(json, values[i]);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("The fields of declared error " + declared.type().getName()
          + " could not be encoded: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
