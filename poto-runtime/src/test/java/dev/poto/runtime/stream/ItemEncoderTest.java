package dev.poto.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.poto.protocol.PotoJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemEncoderTest {
  static final ObjectMapper MAPPER = PotoJson.newMapper();

  record Point(int x, String label) {}

  private static String encode(ItemEncoder encoder, Object value) throws Exception {
    return new String(encoder.encodeToArray(value), StandardCharsets.UTF_8);
  }

  @Test
  void successiveItemsEachGetTheirOwnJsonWithNothingBetweenThem() throws Exception {
    ItemEncoder encoder = new ItemEncoder(MAPPER.writerFor(Point.class));

    assertThat(encode(encoder, new Point(1, "a"))).isEqualTo("{\"x\":1,\"label\":\"a\"}");
    assertThat(encode(encoder, new Point(2, "line\nbreak é"))).isEqualTo("{\"x\":2,\"label\":\"line\\nbreak é\"}");
    assertThat(encode(encoder, null)).isEqualTo("null");
  }

  @Test
  void scalarsAreNotSeparatedBySpaces() throws Exception {
    ItemEncoder encoder = new ItemEncoder(MAPPER.writer());

    assertThat(encode(encoder, 1)).isEqualTo("1");
    assertThat(encode(encoder, 2)).isEqualTo("2");
    assertThat(encode(encoder, "s")).isEqualTo("\"s\"");
  }

  @Test
  void prettyPrintingIsTurnedOffSoTheJsonStaysOnOneLine() throws Exception {
    ItemEncoder encoder = new ItemEncoder(MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT));

    assertThat(encode(encoder, Map.of("a", List.of(1, 2)))).isEqualTo("{\"a\":[1,2]}");
    assertThat(encode(encoder, Map.of("b", 3))).isEqualTo("{\"b\":3}");
  }

  @Test
  void aLargeItemGrowsTheBufferAndTheNextItemStillEncodesAlone() throws Exception {
    ItemEncoder encoder = new ItemEncoder(MAPPER.writer());
    String big = "x".repeat(3_000_000);

    assertThat(encode(encoder, big)).hasSize(big.length() + 2);
    assertThat(encode(encoder, 7)).isEqualTo("7");
    assertThat(encoder.scratchCapacity()).isLessThan(1 << 20); // the huge buffer was not kept
  }

  @Test
  void aFailureIsThrown() {
    ItemEncoder encoder = new ItemEncoder(MAPPER.writer());

    assertThatThrownBy(() -> encoder.encodeToArray(new EventStreamWriterTest.HalfEncodable()))
        .hasMessageContaining("no encoding for you");
    assertThatThrownBy(() -> encoder.encodeToArray(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void releaseClosesTheGeneratorAndDropsTheScratchBufferAndTheNextItemEncodesAsBefore() throws Exception {
    ItemEncoder encoder = new ItemEncoder(MAPPER.writerFor(Point.class));
    assertThat(encoder.holdsGenerator()).isFalse();
    assertThat(encoder.scratchCapacity()).isZero();

    assertThat(encode(encoder, new Point(1, "a"))).isEqualTo("{\"x\":1,\"label\":\"a\"}");
    assertThat(encoder.holdsGenerator()).isTrue();
    encoder.release();

    assertThat(encoder.holdsGenerator()).isFalse();
    assertThat(encoder.scratchCapacity()).isZero();
    assertThat(encode(encoder, new Point(2, "b"))).isEqualTo("{\"x\":2,\"label\":\"b\"}");
    assertThat(encode(encoder, new Point(3, "c"))).isEqualTo("{\"x\":3,\"label\":\"c\"}");
  }
}
