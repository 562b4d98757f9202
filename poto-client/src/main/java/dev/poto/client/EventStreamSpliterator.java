package dev.poto.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.json.NullElements;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.lang.reflect.Type;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Pulls a Poto event stream one frame per {@link #tryAdvance}: nothing is read ahead, so the
 * {@link Stream} built on it is as lazy as the server. The stream ends only on an {@code end} frame;
 * an {@code error} frame throws the server's {@link RpcException}, and an input that stops before
 * {@code end} throws {@code stream_broken}. Either way, and on {@link #close()}, the HTTP body is
 * closed; before the {@code end} frame that closes the connection, so the server sees the caller leave.
 * After it, the body over the client's own connection reads the rest of its framing so the connection
 * can carry another call ({@link Http1Body#finishAfterContent}).
 */
final class EventStreamSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
  /** A safety net for streams nobody closes (e.g. after {@code limit}): close the body once unreachable. */
  private static final Cleaner CLEANER = Cleaner.create();

  /**
   * How long the end of the body may take to arrive after the {@code end} frame, which the server sends
   * right before it, for the connection to be kept; later, the connection is closed instead.
   */
  static final int END_OF_BODY_WAIT_MILLIS = 100;

  private final InputStream body;
  private final EventStreamReader reader;
  private final ItemDecoder items;
  /** The declared item type, which says whether an item or an element inside it may be null. */
  private final Type itemType;
  private final ObjectMapper mapper;
  private final ProblemDecoder problems;
  private final String requestId;
  /** The call's {@code module.method}, for the failures' messages. */
  private final String call;
  private final Cleaner.Cleanable cleanable;
  private long received;
  private boolean finished;
  private volatile boolean closedByCaller;

  private EventStreamSpliterator(InputStream body, PotoClient.Decoding decoding, Type itemType, ObjectMapper mapper,
      ProblemDecoder problems, String requestId, long maxFrameBytes, String call) {
    super(Long.MAX_VALUE, Spliterator.ORDERED);
    this.itemType = itemType;
    this.call = call;
    this.body = body;
    this.reader = new EventStreamReader(body, maxFrameBytes);
    this.items = new ItemDecoder(decoding.reader(), decoding.direct());
    this.mapper = mapper;
    this.problems = problems;
    this.requestId = requestId;
    this.cleanable = CLEANER.register(this, new CloseQuietly(body));
  }

  /** A lazy stream over {@code body}; closing it, or any terminal operation, closes the body. */
  static <T> Stream<T> open(InputStream body, PotoClient.Decoding decoding, Type itemType, ObjectMapper mapper,
      ProblemDecoder problems, String requestId, long maxFrameBytes, String call) {
    EventStreamSpliterator<T> frames =
        new EventStreamSpliterator<>(body, decoding, itemType, mapper, problems, requestId, maxFrameBytes, call);
    return new AutoClosingStream<>(StreamSupport.stream(frames, false).onClose(frames::close));
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    if (finished) {
      return false;
    }
    while (true) {
      if (!readFrame()) {
        if (closedByCaller) {
          throw fail(ClientFailures.streamClosed(requestId));
        }
        throw fail(ClientFailures.streamBroken(
            "the connection ended before the stream's end event, after " + received + " item(s)", requestId, null));
      }
      switch (reader.event()) {
        case EventStreamReader.ITEM -> {
          T item = decodeItem();
          received++;
          action.accept(item);
          return true;
        }
        case EventStreamReader.END -> {
          checkCount(reader.data());
          if (body instanceof Http1Body http1 && !reader.hasUnreadInput()) {
            http1.finishAfterContent(END_OF_BODY_WAIT_MILLIS);
          }
          finish();
          return false;
        }
        case EventStreamReader.ERROR -> throw fail(problems.fromErrorFrame(reader.data(), requestId));
        default -> { } // an event kind from a newer server: skip it
      }
    }
  }

  @Override
  public void forEachRemaining(Consumer<? super T> action) {
    while (tryAdvance(action)) {
      // each call reads and hands over one item
    }
  }

  /** Stops reading and closes the connection; safe to call from any thread, any number of times. */
  void close() {
    closedByCaller = true;
    cleanable.clean();
  }

  private boolean readFrame() {
    try {
      return reader.advance();
    } catch (EventStreamReader.FrameTooLargeException e) {
      throw fail(ClientFailures.frameTooLarge(e.getMessage(), requestId, e));
    } catch (IOException e) {
      if (closedByCaller || Thread.currentThread().isInterrupted()) {
        throw fail(ClientFailures.streamClosed(requestId)); // our side stopped, the connection did not break
      }
      throw fail(ClientFailures.streamBroken("the connection broke after " + received + " item(s): " + e.getMessage(),
          requestId, e));
    }
  }

  /**
   * Straight from the bytes that arrived: no String of the item's JSON is made. An item follows the
   * rules of a result, and is itself an element of the stream: null only where the item type allows it.
   */
  private T decodeItem() {
    try {
      T item = items.decode(reader.dataBytes(), reader.dataOffset(), reader.dataLength());
      NullElements.checkItem(item, itemType);
      return item;
    } catch (IOException | RuntimeException e) {
      throw fail(ClientFailures.invalidResponse("stream item " + received + " could not be decoded: " + e.getMessage(),
          requestId, e));
    }
  }

  /** The end frame carries the server's item count; a different count means frames went missing. */
  private void checkCount(String data) {
    JsonNode count;
    try {
      count = data.isEmpty() ? null : mapper.readTree(data).get("count");
    } catch (IOException e) {
      count = null;
    }
    if (count != null && count.canConvertToLong() && count.asLong() != received) {
      throw fail(ClientFailures.streamBroken("the server sent " + count.asLong() + " item(s) but "
          + received + " arrived", requestId, null));
    }
  }

  private RpcException fail(RpcException failure) {
    finish();
    return failure.inCall(call);
  }

  /** On the reading thread: the stream is over, its body closed and the decoder's buffers returned. */
  private void finish() {
    finished = true;
    cleanable.clean();
    items.close();
  }

  /** Holds only the body, never the spliterator, so the spliterator can become unreachable. */
  private record CloseQuietly(InputStream body) implements Runnable {
    @Override
    public void run() {
      try {
        body.close();
      } catch (IOException ignored) {
        // The connection is going away either way.
      }
    }
  }
}
