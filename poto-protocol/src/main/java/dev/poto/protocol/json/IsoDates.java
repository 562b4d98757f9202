package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * {@code java.util.Date} as ISO-8601 text in the proleptic Gregorian calendar, as JavaScript's
 * {@code Date} and every java.time type count days. Jackson's own date format works through a
 * {@code GregorianCalendar}, which switches to the Julian calendar before 15 October 1582: its text
 * for 1 January 1000 (UTC) was five days off what any other reader takes it for, and it could not read
 * back the years before 1 it wrote. Written always in UTC with milliseconds
 * ({@code "1969-12-31T23:59:59.999+00:00"}, {@code "-0001-01-01T00:00:00.000+00:00"},
 * {@code "+10000-01-01T00:00:00.000+00:00"}); read from a date-time with an offset, whose fraction a
 * {@code Date} must hold (milliseconds): a text it would cut is refused.
 */
final class IsoDates {
  private IsoDates() {}

  /** uuuu: four digits at least, a sign before a year beyond 9999 or before 0 (as ISO-8601 and JavaScript). */
  private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

  static final class Writer extends StdScalarSerializer<Date> {
    Writer() {
      super(Date.class);
    }

    @Override
    public void serialize(Date value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(WRITTEN.format(Instant.ofEpochMilli(value.getTime()).atOffset(ZoneOffset.UTC)));
    }
  }

  static final class Reader extends StdScalarDeserializer<Date> {
    Reader() {
      super(Date.class);
    }

    @Override
    public Date deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw StrictValueException.of(p, Date.class, "expected an ISO-8601 string for Date");
      }
      String text = p.getText();
      OffsetDateTime parsed;
      try {
        parsed = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeException e) {
        throw StrictValueException.of(p, Date.class,
            "expected an ISO-8601 date-time with an offset for Date, such as \"2024-03-31T01:30:15.123Z\"");
      }
      if (parsed.getNano() % 1_000_000 != 0) {
        throw StrictValueException.of(p, Date.class,
            "a Date holds milliseconds: " + StrictNumbers.abbreviate(text) + " has a finer fraction (use Instant)");
      }
      try {
        return new Date(parsed.toInstant().toEpochMilli());
      } catch (ArithmeticException e) {
        throw StrictValueException.of(p, Date.class, StrictNumbers.abbreviate(text) + " is out of the range of Date");
      }
    }
  }
}
