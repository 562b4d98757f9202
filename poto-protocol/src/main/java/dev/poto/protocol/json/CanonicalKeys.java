package dev.poto.protocol.json;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.module.SimpleKeyDeserializers;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Function;

/**
 * Map keys of the kinds that are not strings (docs/TYPES.md, "Map keys") are read only in the form
 * Java writes them, their {@code toString}. Jackson's own key readers also take other spellings of one
 * key ({@code "05"} and {@code "+5"} for 5, {@code "\u0661"} for 1, a UUID in upper case), so two keys
 * of one object could become the same Java key and one entry be dropped without a word; and they wrap a
 * {@code Byte} key of 200 to -56. With one form per key, distinct keys stay distinct (and a repeated
 * key is broken JSON).
 */
final class CanonicalKeys {
  private CanonicalKeys() {}

  static SimpleKeyDeserializers all() {
    SimpleKeyDeserializers keys = new SimpleKeyDeserializers();
    keys.addDeserializer(Byte.class, new Reader(Byte.class, Byte::valueOf));
    keys.addDeserializer(Short.class, new Reader(Short.class, Short::valueOf));
    keys.addDeserializer(Integer.class, new Reader(Integer.class, Integer::valueOf));
    keys.addDeserializer(Long.class, new Reader(Long.class, Long::valueOf));
    keys.addDeserializer(UUID.class, new Reader(UUID.class, UUID::fromString));
    keys.addDeserializer(LocalDate.class, new Reader(LocalDate.class, LocalDate::parse));
    // Jackson's own pattern: YearMonth.parse would refuse the "12345-01" that toString writes.
    DateTimeFormatter yearMonth = DateTimeFormatter.ofPattern("u-MM");
    keys.addDeserializer(YearMonth.class, new Reader(YearMonth.class, key -> YearMonth.parse(key, yearMonth)));
    return keys;
  }

  /** Reads a key with {@code parse} and takes it only when the key is the value's {@code toString}. */
  private static final class Reader extends KeyDeserializer {
    private final Class<?> type;
    private final Function<String, Object> parse;

    Reader(Class<?> type, Function<String, Object> parse) {
      this.type = type;
      this.parse = parse;
    }

    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      Object value;
      try {
        value = parse.apply(key);
      } catch (IllegalArgumentException | DateTimeException e) { // NumberFormatException is an IllegalArgumentException
        throw ctxt.weirdKeyException(type, key, "not a " + type.getSimpleName());
      }
      if (!value.toString().equals(key)) {
        throw ctxt.weirdKeyException(type, key, "a key is written as Java writes it: \"" + value + "\"");
      }
      return value;
    }
  }
}
