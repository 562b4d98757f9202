package dev.poto.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poto.protocol.json.Utf8Text;
import java.io.IOException;

/**
 * Decodes the items of one stream with one reused parser. Building a parser per item (its symbol
 * table, context and buffers) costs more than parsing a small item, so the stream's items are fed,
 * one at a time, to a single non-blocking parser, and read with one deserialization context. Each item is fed whole before it is read, so the
 * parser never runs out of input half way through a value. Not thread-safe; one per stream.
 */
final class ItemDecoder {
  private final ObjectReader reader;
  private JsonParser parser;
  private ByteArrayFeeder feeder;
  /** Reads one value per call with one deserialization context, instead of a new one per item. */
  private MappingIterator<Object> values;

  ItemDecoder(ObjectReader reader) {
    // One item per frame, read from a parser that continues: the check after each item is decode()'s.
    this.reader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Decodes the JSON value in {@code bytes[offset, offset + length)}; the byte right after it must
   * exist and be a line ending (it tells the parser that a trailing number is complete). After a
   * failure the decoder must not be used again.
   */
  <T> T decode(byte[] bytes, int offset, int length) throws IOException {
    int notUtf8 = Utf8Text.firstInvalid(bytes, offset, length);
    if (notUtf8 >= 0) {
      throw new IOException("the item is not UTF-8 JSON text (byte " + (notUtf8 - offset) + ")");
    }
    if (parser == null) {
      parser = reader.getFactory().createNonBlockingByteArrayParser();
      feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
      values = reader.readValues(parser);
    }
    feeder.feedInput(bytes, offset, offset + length + 1);
    JsonToken first = parser.nextToken();
    if (first == null || first == JsonToken.NOT_AVAILABLE) {
      throw new IOException("the item has no JSON value");
    }
    @SuppressWarnings("unchecked")
    T value = first == JsonToken.VALUE_NULL
        ? reader.readValue(parser) // the reader maps null as for a single value (Optional.empty()...)
        : (T) values.nextValue();
    JsonToken after = parser.nextToken();
    if (after != JsonToken.NOT_AVAILABLE) {
      throw new IOException("the item has more than one JSON value (" + after + " after it)");
    }
    return value;
  }
}
