package dev.poto.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poto.protocol.json.DirectRecordReader;
import dev.poto.protocol.json.Utf8Text;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes the items of one stream with one parser and one deserialization context for the whole
 * stream. Building a parser and a context per item costs more than parsing a small item, so the
 * stream's item data is read, frame after frame, by one blocking parser (Jackson's fastest) through
 * {@link FrameData}, which hands the parser exactly one frame's data at a time: the parser can never
 * read past an item into the next one (an incomplete value is an error, not a value spread over two
 * frames), and never waits for a frame that has not arrived (items reach the caller as they come).
 *
 * <p>Items of a plain record type are read by a {@link DirectRecordReader}: straight from the frame's
 * bytes when every value in the record is a string, integer, boolean or such a record
 * ({@link DirectRecordReader#readBytes}), otherwise on a parser of their own (without Jackson's
 * per-object work). An item it does not take (a null, an absent or unknown key, a
 * value to refuse) is decoded again from its frame by the mapper, which accepts or refuses it exactly
 * as it does any other item. Not thread-safe; one per stream.
 */
final class ItemDecoder implements AutoCloseable {
  private final ObjectReader reader;
  /** Reads record items without databind's per-object work; null when the item type is not such a record. */
  private final DirectRecordReader direct;
  /** The mapper's parser, opened at the first item it reads. */
  private FrameParser mapped;
  /** Reads one value per call with one deserialization context, instead of a new one per item. */
  private MappingIterator<Object> values;
  /** The direct reader's parser, without the parser's own duplicate detection, and its context. */
  private FrameParser straight;
  private DeserializationContext context;
  /** What the records read straight from the frame's bytes, without a parser, reuse. */
  private DirectRecordReader.BytesSession bytesSession;

  ItemDecoder(ObjectReader reader) {
    this(reader, null);
  }

  ItemDecoder(ObjectReader reader, DirectRecordReader direct) {
    // One item per frame, read from a parser that continues: the check after each item is decode()'s.
    this.reader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.direct = direct;
  }

  /**
   * Decodes the JSON value in {@code bytes[offset, offset + length)}; the byte right after it must
   * exist and be a line ending (it tells the parser that a trailing number is complete). After a
   * failure the decoder must not be used again.
   */
  <T> T decode(byte[] bytes, int offset, int length) throws IOException {
    if (direct != null && direct.readsBytes()) {
      if (bytesSession == null) {
        bytesSession = direct.bytesSession();
      }
      Object value = direct.readBytes(bytes, offset, length, bytesSession); // checks the UTF-8 it reads
      if (value != DirectRecordReader.NOT_READ) {
        @SuppressWarnings("unchecked")
        T item = (T) value;
        return item;
      }
    }
    int notUtf8 = Utf8Text.firstInvalid(bytes, offset, length);
    if (notUtf8 >= 0) {
      throw new IOException("the item is not UTF-8 JSON text (byte " + (notUtf8 - offset) + ")");
    }
    if (direct != null) {
      Object value = decodeDirectly(bytes, offset, length);
      if (value != DirectRecordReader.NOT_READ) {
        @SuppressWarnings("unchecked")
        T item = (T) value;
        return item;
      }
    }
    return decodeWithMapper(bytes, offset, length);
  }

  /** The regular record item straight from its parser, or NOT_READ (and the parser is dropped). */
  private Object decodeDirectly(byte[] bytes, int offset, int length) {
    try {
      if (straight == null) {
        straight = new FrameParser(reader);
        DirectRecordReader.withoutDuplicateDetection(straight.parser); // the direct reader finds repeated keys
        context = direct.context(straight.parser);
      }
      long frameStart = straight.frame.next(bytes, offset, length);
      if (straight.parser.nextToken() == JsonToken.START_OBJECT) {
        Object value = direct.read(straight.parser, context);
        if (value != DirectRecordReader.NOT_READ && straight.isBlankRest(bytes, offset, length, frameStart)) {
          return value;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the mapper reads the frame again and words the failure
    }
    straight.close(); // it stopped somewhere in this frame: the next frame gets a new one
    straight = null;
    return DirectRecordReader.NOT_READ;
  }

  private <T> T decodeWithMapper(byte[] bytes, int offset, int length) throws IOException {
    if (mapped == null) {
      mapped = new FrameParser(reader);
      values = reader.readValues(mapped.parser);
    }
    long frameStart = mapped.frame.next(bytes, offset, length);
    JsonToken first = mapped.parser.nextToken();
    if (first == null) {
      throw new IOException("the item has no JSON value");
    }
    @SuppressWarnings("unchecked")
    T value = first == JsonToken.VALUE_NULL
        ? reader.readValue(mapped.parser) // the reader maps null as for a single value (Optional.empty()...)
        : (T) values.nextValue();
    if (!mapped.isBlankRest(bytes, offset, length, frameStart)) {
      throw new IOException("the item has more than one JSON value");
    }
    return value;
  }

  /** Returns the parsers' buffers to the pool; the decoder cannot be used afterwards. */
  @Override
  public void close() {
    if (straight != null) {
      straight.close();
    }
    if (mapped != null) {
      mapped.close();
    }
  }

  /** A parser reading frame after frame, and the frames it reads. */
  private static final class FrameParser {
    final FrameData frame = new FrameData();
    final JsonParser parser;

    FrameParser(ObjectReader reader) throws IOException {
      parser = reader.createParser(frame); // reads the blank lead FrameData starts with
    }

    /** Whether what the parser has not read of this frame is blank: a second value is an error. */
    boolean isBlankRest(byte[] bytes, int offset, int length, long frameStart) {
      long unread = frameStart + length - parser.currentLocation().getByteOffset();
      for (int i = offset + length - (int) Math.max(0, unread); i < offset + length; i++) {
        if (!isJsonWhitespace(bytes[i])) {
          return false;
        }
      }
      return true;
    }

    void close() {
      try {
        parser.close();
      } catch (IOException ignored) {
        // FrameData holds no resource
      }
    }
  }

  private static boolean isJsonWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /**
   * The parser's input: the current frame's data and the line ending after it, then nothing. A read
   * beyond the frame means the parser needs more than the frame holds, which is an error (never a
   * wait for the next frame). Copies each frame's bytes once, into the parser's buffer.
   */
  private static final class FrameData extends InputStream {
    /**
     * What the parser reads first, while it is being created: Jackson's encoding detection wants four
     * bytes, and an item may be shorter ({@code 7}). Blank, so the parser skips it.
     */
    private static final byte[] LEAD = {' ', ' ', ' ', ' '};

    private byte[] bytes = LEAD;
    private int start;
    private int position;
    private int end = LEAD.length;
    /** Bytes handed to the parser by all frames so far: the parser's byte offsets count the same. */
    private long served;

    /**
     * Makes {@code bytes[offset, offset + length]} (the data and its line ending) the next input, and
     * returns the parser's byte offset of its first byte. What the last frame left unread (blank, as
     * decode checked) is never handed over.
     */
    long next(byte[] source, int offset, int length) {
      this.bytes = source;
      this.start = offset;
      this.position = offset;
      this.end = offset + length + 1;
      return served;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (position >= end) {
        throw new IOException(isBlank() ? "the item has no JSON value" : "the item is not one complete JSON value");
      }
      int n = Math.min(length, end - position);
      System.arraycopy(bytes, position, into, offset, n);
      position += n;
      served += n;
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      read(one, 0, 1);
      return one[0] & 0xFF;
    }

    /** Whether the frame is blank (looked at only to word an error). */
    private boolean isBlank() {
      for (int i = start; i < end; i++) {
        if (!isJsonWhitespace(bytes[i])) {
          return false;
        }
      }
      return true;
    }
  }
}
