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
 * {@code java.time} values and {@code java.util.Date} travel as ISO-8601 strings only. Jackson's readers
 * also take numbers (epoch seconds or millis, chosen by a mapper setting), arrays ({@code [2024,1,31]})
 * and, for a {@code Date}, a string of digits read as epoch millis: forms that mean different instants to
 * different readers, rejected here.
 */
final class TextOnlyValues extends BeanDeserializerModifier {
  @Override
  public JsonDeserializer<?> modifyDeserializer(
      DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
    Class<?> type = description.getBeanClass();
    if (type.getPackageName().equals("java.time") || type == java.util.Date.class) {
      return new TextOnly(deserializer, type);
    }
    return deserializer;
  }

  /** Digits with an optional sign: what Jackson's date reader takes as epoch millis. */
  private static boolean isEpochText(String text) {
    int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
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
      if (p.currentToken() != JsonToken.VALUE_STRING || type == java.util.Date.class && isEpochText(p.getText())) {
        throw StrictValueException.of(p, type, "expected an ISO-8601 string for " + type.getSimpleName());
      }
      return super.deserialize(p, ctxt);
    }
  }
}
