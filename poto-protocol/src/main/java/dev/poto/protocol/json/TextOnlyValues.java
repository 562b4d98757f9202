package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import java.io.IOException;

/**
 * {@code java.time} values travel as ISO-8601 strings only. Jackson's readers also take numbers
 * (epoch seconds or millis, chosen by a mapper setting) and arrays ({@code [2024,1,31]}), forms that
 * mean different instants to different readers: rejected here.
 */
final class TextOnlyValues extends BeanDeserializerModifier {
  @Override
  public JsonDeserializer<?> modifyDeserializer(
      DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
    Class<?> type = description.getBeanClass();
    if (type.getPackageName().equals("java.time")) {
      return new TextOnly(deserializer, type);
    }
    return deserializer;
  }

  private static final class TextOnly extends DelegatingDeserializer {
    private final Class<?> type;

    TextOnly(JsonDeserializer<?> delegate, Class<?> type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new TextOnly(delegate, type);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw StrictValueException.of(p, type, "expected an ISO-8601 string for " + type.getSimpleName());
      }
      return super.deserialize(p, ctxt);
    }
  }
}
