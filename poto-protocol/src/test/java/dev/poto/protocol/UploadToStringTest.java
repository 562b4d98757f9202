package dev.poto.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A received upload's file name is the caller's: logging the upload must not let it break the line. */
class UploadToStringTest {
  private static Upload named(String fileName) {
    return Upload.received(InputStream.nullInputStream(), "text/plain", fileName, 3);
  }

  @Test
  void controlAndFormattingCharactersOfTheFileNameAreEscaped() {
    Upload upload = named("a\r\nINFO forged line\u0000\u202e\u2028\ud800.txt");
    assertThat(upload.toString())
        .isEqualTo("Upload[text/plain, a\\u000d\\u000aINFO forged line\\u0000\\u202e\\u2028\\ud800.txt, 3 bytes]");
    assertThat(upload.fileName()).hasValue("a\r\nINFO forged line\u0000\u202e\u2028\ud800.txt"); // the value stays exact
  }

  @Test
  void ordinaryNamesShowAsTheyAre() {
    assertThat(named("résumé 1 (final) \ud83d\udcc4.pdf").toString())
        .isEqualTo("Upload[text/plain, résumé 1 (final) \ud83d\udcc4.pdf, 3 bytes]");
  }
}
