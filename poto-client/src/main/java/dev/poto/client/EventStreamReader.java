package dev.poto.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code text/event-stream} frames one at a time, blocking only until the next frame is
 * complete, so items reach the caller as the server produces them. Implements the parts of the
 * WHATWG event-stream format Poto uses: {@code event} and {@code data} fields (several data lines
 * are joined with a newline), comment lines ({@code : ping}) skipped, any line ending accepted
 * ({@code \r\n}, {@code \n} or {@code \r}), a leading byte order mark ignored.
 *
 * <p>Lines are found by scanning bytes in the reader's own buffer, and a frame's data is exposed as
 * a range of that buffer ({@link #dataBytes()}, {@link #dataOffset()}, {@link #dataLength()}), so
 * the usual one-line item is decoded straight from the bytes that arrived, with no String or char
 * array in between. The buffer grows to hold a frame longer than itself, up to the maximum frame size:
 * a frame (all its lines, comments and line endings included) that grows past it stops the reader with
 * {@link FrameTooLargeException}, so a hostile or broken server cannot run the client out of memory.
 */
final class EventStreamReader implements Closeable {

  /** One dispatched frame; {@code event} is {@code "message"} when the frame named none. */
  record Frame(String event, String data) {}

  static final String ITEM = "item";
  static final String END = "end";
  static final String ERROR = "error";
  static final String MESSAGE = "message";

  private static final int INITIAL_BUFFER = 64 * 1024;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  /** {@code "event: item\n"}, as a little-endian long (its first eight bytes) and int (the last four). */
  private static final byte[] ITEM_EVENT_LINE = ascii("event: item\n");
  private static final int ITEM_EVENT_LINE_LENGTH = ITEM_EVENT_LINE.length;
  private static final long ITEM_EVENT_HEAD = (long) LONGS.get(ITEM_EVENT_LINE, 0);
  private static final int ITEM_EVENT_TAIL = (int) INTS.get(ITEM_EVENT_LINE, Long.BYTES);
  private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
  private static final long CARRIAGE_RETURNS = 0x0D0D0D0D0D0D0D0DL;
  /** {@code "data: "}: its first four bytes as a little-endian int, then {@code ':'} and a space. */
  private static final int DATA_PREFIX_LENGTH = 6;
  private static final int DATA_PREFIX_HEAD = (int) INTS.get(ascii("data"), 0);
  private static final byte[] EVENT_FIELD = ascii("event");
  private static final byte[] DATA_FIELD = ascii("data");
  private static final byte[] ITEM_BYTES = ascii(ITEM);
  private static final byte[] END_BYTES = ascii(END);
  private static final byte[] ERROR_BYTES = ascii(ERROR);
  /** The data of a frame without data lines: nothing, then the promised line ending. */
  private static final byte[] NO_DATA = {'\n'};
  private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final long maxFrameBytes;
  private byte[] buffer;
  /** Bytes of the current frame's lines already consumed. */
  private long frameBytes;
  /** Start of the line being read. */
  private int position;
  /** End of the bytes read so far. */
  private int limit;
  /** Where the search for the current line's end resumes after more bytes arrive. */
  private int scanned;
  private boolean endOfInput;
  /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that line ending. */
  private boolean afterCarriageReturn;
  private boolean atStart = true;

  // The frame being read, then the frame last dispatched.
  private String event;
  private boolean hasData;
  /** The data is a single line, kept in place in {@link #buffer}. */
  private int dataStart;
  private int dataEnd;
  /** Several data lines, joined with {@code \n} here (and one {@code \n} after them); null until needed. */
  private byte[] joined;
  private int joinedLength;
  private boolean dataJoined;

  EventStreamReader(InputStream body, long maxFrameBytes) {
    this(body, INITIAL_BUFFER, maxFrameBytes);
  }

  /** With a given starting buffer size; tests use tiny ones to split lines at every position. */
  EventStreamReader(InputStream body, int initialBuffer, long maxFrameBytes) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
    }
    this.in = body;
    this.maxFrameBytes = maxFrameBytes;
    this.buffer = new byte[(int) Math.max(1, Math.min(initialBuffer, maxFrameBytes + 1))];
  }

  /** Thrown when a frame grows past the maximum size; the stream cannot go on after it. */
  static final class FrameTooLargeException extends IOException {
    FrameTooLargeException(long maxFrameBytes) {
      super("an event-stream frame is larger than the client's maximum of " + maxFrameBytes + " bytes");
    }
  }

  /**
   * Reads the next frame; false at the end of the input (an unfinished last frame is dropped). The
   * frame's event and data are readable until the next call.
   */
  boolean advance() throws IOException {
    event = null;
    hasData = false;
    dataJoined = false;
    frameBytes = 0;
    while (true) {
      if (itemEventLine()) {
        if (dataLine() && blankLine()) {
          return true;
        }
        continue;
      }
      int end = lineEnd();
      if (end < 0) {
        return false;
      }
      int start = position;
      consumeLineEnding(end);
      frameBytes += end + 1 - start;
      if (end == start) {
        if (event != null || hasData) {
          if (event == null) {
            event = MESSAGE;
          }
          return true;
        }
        frameBytes = 0;
        continue; // a frame of comments only: a heartbeat
      }
      field(start, end);
    }
  }

  /**
   * Takes an {@code event: item} line ended by {@code \n} (how Poto's server starts every item frame)
   * at the current position with two compares, without the search for the line's end and the parsing
   * of its field; false (nothing taken) for any other line, which the general path reads.
   */
  private boolean itemEventLine() {
    if (afterCarriageReturn || atStart || limit - position < ITEM_EVENT_LINE_LENGTH
        || (long) LONGS.get(buffer, position) != ITEM_EVENT_HEAD
        || (int) INTS.get(buffer, position + Long.BYTES) != ITEM_EVENT_TAIL
        || frameBytes + ITEM_EVENT_LINE_LENGTH > maxFrameBytes) {
      return false;
    }
    event = ITEM;
    position += ITEM_EVENT_LINE_LENGTH;
    scanned = position;
    frameBytes += ITEM_EVENT_LINE_LENGTH;
    return true;
  }

  /**
   * Right after the item event line: takes a {@code data: } line ended by {@code \n} that is already
   * in the buffer, without parsing its field; false (nothing taken) when the line is anything else or
   * has not fully arrived, and the general path reads it.
   */
  private boolean dataLine() {
    int value = position + DATA_PREFIX_LENGTH;
    if (hasData || limit - position <= DATA_PREFIX_LENGTH || (int) INTS.get(buffer, position) != DATA_PREFIX_HEAD
        || buffer[position + 4] != ':' || buffer[position + 5] != ' ') {
      return false;
    }
    int end = findLineEnding(buffer, value, limit);
    if (end < 0 || buffer[end] != '\n' || frameBytes + end + 1 - position > maxFrameBytes) {
      return false;
    }
    frameBytes += end + 1 - position;
    data(value, end);
    position = end + 1;
    scanned = position;
    return true;
  }

  /** Takes the blank {@code \n} line that ends a frame, if it is the next byte in the buffer. */
  private boolean blankLine() {
    if (position == limit || buffer[position] != '\n' || frameBytes + 1 > maxFrameBytes) {
      return false;
    }
    position++;
    scanned = position;
    return true;
  }

  /** The event of the last frame; {@code "message"} when it named none. */
  String event() {
    return event;
  }

  byte[] dataBytes() {
    return !hasData ? NO_DATA : dataJoined ? joined : buffer;
  }

  int dataOffset() {
    return !hasData || dataJoined ? 0 : dataStart;
  }

  /**
   * Zero when the frame had no data line. The data is always followed by a line-ending byte
   * ({@code dataBytes()[dataOffset() + dataLength()]}), which ends a trailing JSON number.
   */
  int dataLength() {
    if (!hasData) {
      return 0;
    }
    return dataJoined ? joinedLength : dataEnd - dataStart;
  }

  /** The data of the last frame as text; empty when it had none. */
  String data() {
    return new String(dataBytes(), dataOffset(), dataLength(), StandardCharsets.UTF_8);
  }

  /** The next frame as a value, or null at the end of the input; for callers that keep frames. */
  Frame next() throws IOException {
    return advance() ? new Frame(event, data()) : null;
  }

  /**
   * Whether bytes after the last frame were read from the input and not taken yet (the {@code \n} of a
   * {@code \r\n} line ending aside).
   */
  boolean hasUnreadInput() {
    int unread = limit - position;
    return afterCarriageReturn && unread > 0 && buffer[position] == '\n' ? unread > 1 : unread > 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** One {@code field: value} line in {@code buffer[start, end)}; comments and unknown fields are skipped. */
  private void field(int start, int end) {
    if (buffer[start] == ':') {
      return;
    }
    int colon = start;
    while (colon < end && buffer[colon] != ':') {
      colon++;
    }
    int value = colon;
    if (value < end) {
      value++; // past the colon
      if (value < end && buffer[value] == ' ') {
        value++;
      }
    }
    if (matches(start, colon, EVENT_FIELD)) {
      event = eventName(value, end);
    } else if (matches(start, colon, DATA_FIELD)) {
      data(value, end);
    } // id, retry and unknown fields mean nothing to Poto
  }

  private String eventName(int start, int end) {
    if (matches(start, end, ITEM_BYTES)) {
      return ITEM;
    }
    if (matches(start, end, END_BYTES)) {
      return END;
    }
    if (matches(start, end, ERROR_BYTES)) {
      return ERROR;
    }
    return new String(buffer, start, end - start, StandardCharsets.UTF_8);
  }

  private void data(int start, int end) {
    if (!hasData) {
      hasData = true;
      dataStart = start;
      dataEnd = end;
      return;
    }
    int length = end - start;
    if (!dataJoined) {
      int first = dataEnd - dataStart;
      joined = room(joined, first + 1 + length + 1);
      System.arraycopy(buffer, dataStart, joined, 0, first);
      joinedLength = first;
      dataJoined = true;
    }
    joined = room(joined, joinedLength + 1 + length + 1);
    joined[joinedLength++] = '\n';
    System.arraycopy(buffer, start, joined, joinedLength, length);
    joinedLength += length;
    joined[joinedLength] = '\n'; // the line ending promised after the data
  }

  private static byte[] room(byte[] bytes, int needed) {
    if (bytes == null) {
      return new byte[Math.max(256, 2 * needed)];
    }
    return bytes.length >= needed ? bytes : Arrays.copyOf(bytes, 2 * needed);
  }

  /** A plain loop: the names compared are a few bytes long, too short for a vectorized compare to pay. */
  private boolean matches(int start, int end, byte[] expected) {
    if (end - start != expected.length) {
      return false;
    }
    byte[] bytes = buffer;
    for (int i = 0; i < expected.length; i++) {
      if (bytes[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the current line's terminator ({@code \n} or {@code \r}), reading more input as
   * needed; -1 when the input ends first.
   */
  private int lineEnd() throws IOException {
    while (true) {
      if (afterCarriageReturn || atStart) {
        if (!skipPrefixes()) {
          return -1;
        }
        continue;
      }
      int end = findLineEnding(buffer, scanned, limit);
      // The frame so far, plus this line with its ending (or all of it that has arrived).
      if (frameBytes + (end >= 0 ? end + 1 : limit) - position > maxFrameBytes) {
        throw new FrameTooLargeException(maxFrameBytes);
      }
      if (end >= 0) {
        return end;
      }
      scanned = limit;
      if (!fill()) {
        return -1;
      }
    }
  }

  /**
   * The first {@code \n} or {@code \r} in {@code bytes[from, to)}, or -1. Looks at eight bytes at a
   * time: a data line is most of the stream, and this is where the reader spends its time.
   */
  static int findLineEnding(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long found = zeroBytes(word ^ LINE_FEEDS) | zeroBytes(word ^ CARRIAGE_RETURNS);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3); // little-endian: the lowest byte comes first
      }
    }
    for (; i < to; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The high bit set in each zero byte of {@code word}, exact for the lowest zero byte (a byte above a
   * zero byte may be flagged too, which does not matter for finding the first).
   */
  private static long zeroBytes(long word) {
    return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
  }

  /** Drops a {@code \n} that completes a {@code \r\n}, and a byte order mark at the very start. */
  private boolean skipPrefixes() throws IOException {
    if (afterCarriageReturn) {
      if (position == limit && !fill()) {
        return false;
      }
      if (buffer[position] == '\n') {
        position++;
        scanned = position;
      }
      afterCarriageReturn = false;
      return true;
    }
    while (limit - position < BYTE_ORDER_MARK.length && startsLikeByteOrderMark()) {
      if (!fill()) {
        break; // shorter than a byte order mark: the rest is read as it is
      }
    }
    if (limit - position >= BYTE_ORDER_MARK.length && startsLikeByteOrderMark()) {
      position += BYTE_ORDER_MARK.length;
      scanned = position;
    }
    atStart = false;
    return true;
  }

  /** The bytes read so far agree with a byte order mark (fewer than three may have arrived). */
  private boolean startsLikeByteOrderMark() {
    int available = Math.min(limit - position, BYTE_ORDER_MARK.length);
    return Arrays.equals(buffer, position, position + available, BYTE_ORDER_MARK, 0, available);
  }

  private void consumeLineEnding(int end) {
    afterCarriageReturn = buffer[end] == '\r';
    position = end + 1;
    scanned = position;
  }

  /**
   * Reads more input after {@code limit}, first making room when little is left: the bytes still
   * needed (the current line, and the frame's data line kept in place) move to the front, and the
   * buffer doubles when they fill it. False at the end of the input.
   */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    if (buffer.length - limit < Math.max(1, buffer.length >> 3)) {
      int keep = hasData && !dataJoined ? Math.min(dataStart, position) : position;
      if (keep > 0) {
        System.arraycopy(buffer, keep, buffer, 0, limit - keep);
        limit -= keep;
        position -= keep;
        scanned -= keep;
        dataStart -= keep;
        dataEnd -= keep;
      }
      if (buffer.length - limit < Math.max(1, buffer.length >> 3)) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2); // one frame fills the buffer: make it bigger
      }
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    limit += n;
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
