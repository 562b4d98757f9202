package dev.poto.runtime.multiplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Frames of many streams on one body: whole, tagged, never interleaved; and the connection's bookkeeping. */
class StreamConnectionTest {
  /** Runs nothing: heartbeats are not part of these tests. */
  private static final TaskScheduler NO_TIMER = new TaskScheduler() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
      return Scheduled.NONE;
    }
  };

  private static StreamConnection started(ByteArrayOutputStream body) throws IOException {
    StreamConnection connection = new StreamConnection("c0nn", "u1", 2);
    connection.start(body, Duration.ofSeconds(15), NO_TIMER);
    return connection;
  }

  @Test
  void framesAreTaggedWholeEvenWhenWrittenInPiecesAndPingsAreDropped() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StreamConnection connection = started(body);
    OutputStream a = connection.framesOf("a");
    OutputStream b = connection.framesOf("b");
    byte[] itemA = "event: item\ndata: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);
    a.write(itemA, 0, 10); // half a frame: nothing may go out yet
    b.write(": ping\n\nevent: item\ndata: \"x\"\n".getBytes(StandardCharsets.UTF_8));
    b.write('\n');
    a.write(itemA, 10, itemA.length - 10);
    b.write("event: end\ndata: {\"count\":1}\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(
        "event: open\ndata: {\"connection\":\"c0nn\",\"maxStreams\":2}\n\n"
            + "stream: b\nevent: item\ndata: \"x\"\n\n"
            + "stream: a\nevent: item\ndata: {\"n\":1}\n\n"
            + "stream: b\nevent: end\ndata: {\"count\":1}\n\n");
  }

  @Test
  void theConnectionHeartbeatCountsIdlenessOnTheSchedulersClock() throws IOException {
    ManualScheduler scheduler = new ManualScheduler();
    Duration interval = Duration.ofSeconds(15);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StreamConnection connection = new StreamConnection("c0nn", "u1", 2);
    connection.start(body, interval, scheduler);
    String open = body.toString(StandardCharsets.UTF_8);

    scheduler.advance(interval);
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(open + ": ping\n\n");

    scheduler.advance(Duration.ofSeconds(10));
    connection.framesOf("a").write("event: item\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8));
    String afterItem = body.toString(StandardCharsets.UTF_8);
    scheduler.advance(Duration.ofSeconds(5)); // the tick is due, but the item went out 5 s ago
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(afterItem);
    scheduler.advance(Duration.ofSeconds(10)); // 15 s after the item
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(afterItem + ": ping\n\n");

    connection.close();
    assertThat(scheduler.pending()).as("no heartbeat left behind a closed connection").isZero();
  }

  @Test
  void aFrameLargerThanAnyBufferArrivesWhole() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StreamConnection connection = started(body);
    String big = "x".repeat(200_000);
    OutputStream a = connection.framesOf("a");
    byte[] frame = ("event: item\ndata: \"" + big + "\"\n\n").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < frame.length; i += 4096) {
      a.write(frame, i, Math.min(4096, frame.length - i));
    }
    assertThat(body.toString(StandardCharsets.UTF_8)).endsWith("stream: a\nevent: item\ndata: \"" + big + "\"\n\n");
  }

  @Test
  void reservationsAreBoundedUniqueAndCancelledWithTheConnection() throws IOException {
    StreamConnection connection = started(new ByteArrayOutputStream());
    Cancellation first = new Cancellation();
    Cancellation second = new Cancellation();
    connection.reserve("s1", first);
    assertThatThrownBy(() -> connection.reserve("s1", new Cancellation()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("invalid_argument"));
    connection.reserve("s2", second);
    assertThatThrownBy(() -> connection.reserve("s3", new Cancellation()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("too_many_streams"));

    connection.cancel("s1");
    assertThat(first.isCancelled()).isTrue();
    assertThat(first.reason()).isEqualTo("client_gone");
    connection.release("s1");
    connection.cancel("early"); // before its start: the start is refused
    assertThatThrownBy(() -> connection.reserve("early", new Cancellation()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("invalid_argument"));

    connection.close();
    assertThat(second.isCancelled()).isTrue();
    assertThatThrownBy(() -> connection.reserve("s4", new Cancellation()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("unknown_connection"));
    assertThatThrownBy(() -> connection.framesOf("s2").write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void connectionsAreBoundedPerUserAndPerServerAndIdsAreRandom() {
    StreamConnections connections = new StreamConnections(new StreamConnectionLimits(2, 4, 3));
    StreamConnection a1 = connections.open("alice");
    StreamConnection a2 = connections.open("alice");
    assertThat(a1.id()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(a2.id());
    assertThatThrownBy(() -> connections.open("alice"))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("too_many_connections"));
    connections.open("bob");
    assertThatThrownBy(() -> connections.open("carol"))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(429));
    connections.remove(a1);
    assertThat(a1.isClosed()).isTrue();
    assertThat(connections.find(a2.id())).isSameAs(a2);
    assertThatThrownBy(() -> connections.find(a1.id()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("unknown_connection"));
    assertThat(connections.open("alice")).isNotNull();
    connections.close();
    assertThat(a2.isClosed()).isTrue();
    assertThat(connections.openConnections()).isZero();
  }
}
