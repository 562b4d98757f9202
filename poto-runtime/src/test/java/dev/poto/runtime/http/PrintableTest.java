package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void keepsPrintableAsciiAndReplacesEverythingElse() {
    assertThat(Printable.of("todo/add")).isEqualTo("todo/add");
    assertThat(Printable.of("a\r\nb\u0000c\u00e9\u2028")).isEqualTo("a??b?c??");
  }

  @Test
  void cutsAtTheLimitAndSaysSo() {
    assertThat(Printable.of("x".repeat(64))).isEqualTo("x".repeat(64));
    assertThat(Printable.of("x".repeat(65))).isEqualTo("x".repeat(64) + "…");
    assertThat(Printable.of("abcdef", 3)).isEqualTo("abc…");
  }
}
