package dev.poto.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.scheduling.ManualScheduler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The output's memory policy: a buffer sized to what waits, and none while nothing waits. */
class EventStreamOutputTest {
  private static final Duration DELAY = Duration.ofMillis(5);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final RecordingOutputStream body = new RecordingOutputStream();
  private final AtomicInteger idle = new AtomicInteger();
  private final EventStreamOutput output =
      new EventStreamOutput(body, scheduler, DELAY, () -> {}, idle::incrementAndGet);

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void item(String text) {
    byte[] bytes = json(text);
    output.item(bytes, bytes.length, false);
  }

  @Test
  void anOpenStreamWithNothingWaitingHoldsNoBuffer() {
    assertThat(output.bufferCapacity()).isZero();
  }

  @Test
  void aSmallItemWaitsInASmallBufferWhichIsDroppedWhenTheTimerFlushesIt() {
    item("{\"n\":1}");

    assertThat(output.bufferCapacity()).isEqualTo(EventStreamOutput.FIRST_BUFFER_SIZE);
    assertThat(body.text()).isEmpty();

    scheduler.advance(DELAY);

    assertThat(body.text()).isEqualTo("event: item\ndata: {\"n\":1}\n\n");
    assertThat(output.bufferCapacity()).isZero();
    assertThat(idle).hasValue(1); // the producer was quiet for a whole delay: the encoder may let go too
  }

  @Test
  void anIdleStreamKeepsNoSpentFlushTimer() {
    item("{\"n\":1}");
    assertThat(output.holdsFlushTimer()).isTrue();

    scheduler.advance(DELAY);

    assertThat(output.holdsFlushTimer()).as("the timer has run; the task must not stay reachable").isFalse();
    item("{\"n\":2}"); // the next burst arms a timer of its own
    assertThat(output.holdsFlushTimer()).isTrue();
    scheduler.advance(DELAY);
    assertThat(body.text()).endsWith("event: item\ndata: {\"n\":2}\n\n");
  }

  @Test
  void theBufferGrowsWithWhatWaitsUpToItsLimitAndEveryByteGoesOutInOrder() {
    StringBuilder expected = new StringBuilder();
    String payload = "\"" + "x".repeat(1000) + "\"";
    for (int i = 0; i < 200; i++) { // about 200 KB: more than one full buffer
      item(payload);
      expected.append("event: item\ndata: ").append(payload).append("\n\n");
      assertThat(output.bufferCapacity()).isLessThanOrEqualTo(EventStreamOutput.BUFFER_SIZE);
    }
    assertThat(output.bufferCapacity()).isEqualTo(EventStreamOutput.BUFFER_SIZE);
    assertThat(body.text().length()).isLessThan(expected.length()); // full buffers went out, the rest waits

    scheduler.advance(DELAY);

    assertThat(body.text()).isEqualTo(expected.toString());
    assertThat(output.bufferCapacity()).isZero();
  }

  @Test
  void anItemLargerThanTheBufferLimitGoesStraightThroughAfterWhatWaited() {
    item("1");
    String big = "\"" + "y".repeat(EventStreamOutput.BUFFER_SIZE * 2) + "\"";
    item(big);
    scheduler.advance(DELAY);

    assertThat(body.text()).isEqualTo("event: item\ndata: 1\n\nevent: item\ndata: " + big + "\n\n");
    assertThat(output.bufferCapacity()).isZero();
  }

  @Test
  void aHeartbeatAlsoCountsAsIdle() {
    output.ping();

    assertThat(body.text()).isEqualTo(": ping\n\n");
    assertThat(idle).hasValue(1);
    assertThat(output.bufferCapacity()).isZero();
  }

  @Test
  void aBusyProducerFlushingItselfIsNotIdle() {
    item("1");
    scheduler.advance(Duration.ofMillis(3));
    byte[] second = json("2");
    output.item(second, second.length, true); // the source says nothing more is ready: flushed now

    assertThat(body.text()).isEqualTo("event: item\ndata: 1\n\nevent: item\ndata: 2\n\n");
    assertThat(output.bufferCapacity()).isZero();
    scheduler.advance(DELAY); // the timer finds nothing waiting
    assertThat(idle).hasValue(0);
  }

  record Named(String name, int n) {}

  private static StreamItems named() {
    var mapper = dev.poto.protocol.PotoJson.newMapper();
    var type = mapper.getTypeFactory().constructType(Named.class);
    return StreamItems.of(mapper, type, mapper.writerFor(type));
  }

  @Test
  void aDirectlyWrittenItemIsFramedLikeAnyOther() {
    RecordItemWriter direct = named().direct();
    assertThat(output.item(direct, new Named("a", 1), false)).isTrue();
    scheduler.advance(DELAY);

    assertThat(body.text()).isEqualTo("event: item\ndata: {\"name\":\"a\",\"n\":1}\n\n");
    assertThat(output.items()).isEqualTo(1);
  }

  @Test
  void aValueTheDirectWriterGivesUpLeavesNoPartOfItsFrameAndTheEncoderWritesItWithJackson() throws Exception {
    StreamItems items = named();
    ItemEncoder encoder = new ItemEncoder(items);
    encoder.encodeInto(new Named("first", 1), output, false);
    assertThat(output.item(items.direct(), new Named("half\ud83d", 2), false)).isFalse(); // a lone surrogate
    assertThat(output.items()).isEqualTo(1);
    encoder.encodeInto(new Named("pair \ud83d\ude00", 3), output, false);
    scheduler.advance(DELAY);

    String jackson = new String(items.writer().writeValueAsBytes(new Named("pair \ud83d\ude00", 3)), StandardCharsets.UTF_8);
    assertThat(body.text()).isEqualTo(
        "event: item\ndata: {\"name\":\"first\",\"n\":1}\n\n" + "event: item\ndata: " + jackson + "\n\n");
    assertThat(output.items()).isEqualTo(2);
  }

  @Test
  void aLongStringWrittenDirectlyWhileWholeFramesMakeRoomArrivesWhole() throws Exception {
    StreamItems items = named();
    StringBuilder expected = new StringBuilder();
    String text = "é/\"" + "long text ".repeat(700) + "€"; // many segments, more than fits after the others
    for (int n = 0; n < 40; n++) {
      Named value = new Named(n % 3 == 0 ? text : "short " + n, n);
      assertThat(output.item(items.direct(), value, false)).isTrue();
      expected.append("event: item\ndata: ")
          .append(new String(items.writer().writeValueAsBytes(value), StandardCharsets.UTF_8)).append("\n\n");
    }
    scheduler.advance(DELAY);

    assertThat(body.text()).isEqualTo(expected.toString());
  }
}
