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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * {@code java.time} values travel as ISO-8601 strings only. Jackson's readers also take numbers (epoch
 * seconds or millis, chosen by a mapper setting) and arrays ({@code [2024,1,31]}): forms that mean
 * different instants to different readers, rejected here. ({@code java.util.Date} has its own reader,
 * {@link IsoDates}.)
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

  /** A time of day whose seconds are 60, as ISO-8601 writes a leap second. */
  private static final Pattern LEAP_SECOND = Pattern.compile("T\\d{2}:\\d{2}:60");

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
      String text = p.getText();
      if (type == Instant.class && LEAP_SECOND.matcher(text).find()) {
        // java.time reads 23:59:60 as 23:59:59: an Instant has no leap seconds.
        throw StrictValueException.of(p, type, "an Instant has no leap second (:60); send the instant before or after it");
      }
      Object value = super.deserialize(p, ctxt);
      if (value instanceof ZonedDateTime zoned && text.indexOf('[') > 0) {
        checkOffset(p, text, zoned);
      }
      return value;
    }

    /**
     * The offset written before a region must be the region's at that time: java.time would keep the
     * instant and move the wall-clock time ({@code 00:00+05:00[Europe/Paris]} became 21:00+02:00 the day
     * before), so one of the two values the caller wrote would be changed.
     */
    private void checkOffset(JsonParser p, String text, ZonedDateTime zoned) throws IOException {
      ZoneOffset written;
      try {
        written = OffsetDateTime.parse(text.substring(0, text.indexOf('['))).getOffset();
      } catch (DateTimeException e) {
        return; // no offset before the region: the region decides it
      }
      if (!written.equals(zoned.getOffset())) {
        throw StrictValueException.of(p, type, "the offset " + written + " is not the offset of " + zoned.getZone()
            + " at " + zoned.toLocalDateTime() + " (" + zoned.getOffset() + ")");
      }
    }
  }
}
