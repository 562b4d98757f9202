package dev.poto.runtime.session.cookie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieSessionKeysTest {
  @TempDir Path dir;

  @Test
  void aGeneratedKeysetSurvivesJsonAndFileRoundTrips() throws Exception {
    CookieSessionKeys keys = CookieSessionKeys.generate();
    String json = keys.toCleartextJson();
    assertThat(json).contains("AesGcmKey").contains(Integer.toUnsignedString(keys.primaryKeyId()));

    CookieSessionKeys parsed = CookieSessionKeys.fromJson(json);
    assertThat(parsed.primaryKeyId()).isEqualTo(keys.primaryKeyId());
    byte[] ciphertext = keys.aead().encrypt("hello".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertThat(parsed.aead().decrypt(ciphertext, new byte[0])).asString(StandardCharsets.UTF_8).isEqualTo("hello");

    Path file = dir.resolve("keys.json");
    Files.writeString(file, json);
    assertThat(CookieSessionKeys.fromFile(file).primaryKeyId()).isEqualTo(keys.primaryKeyId());
  }

  @Test
  void twoGeneratedKeysetsDiffer() {
    CookieSessionKeys a = CookieSessionKeys.generate();
    CookieSessionKeys b = CookieSessionKeys.generate();
    assertThat(a.toCleartextJson()).isNotEqualTo(b.toCleartextJson());
  }

  @Test
  void rotationAddsANewPrimaryAndKeepsTheOldKey() throws Exception {
    CookieSessionKeys old = CookieSessionKeys.generate();
    CookieSessionKeys rotated = old.withNewPrimaryKey();
    assertThat(rotated.size()).isEqualTo(2);
    assertThat(rotated.primaryKeyId()).isNotEqualTo(old.primaryKeyId());
    byte[] underOld = old.aead().encrypt(new byte[] {1, 2, 3}, new byte[0]);
    assertThat(rotated.aead().decrypt(underOld, new byte[0])).containsExactly(1, 2, 3);
  }

  @Test
  void toStringNamesKeyIdsButNoKeyMaterial() {
    CookieSessionKeys keys = CookieSessionKeys.generate();
    assertThat(keys.toString())
        .contains(Integer.toUnsignedString(keys.primaryKeyId()))
        .doesNotContain("value")
        .doesNotContain("AesGcmKey");
  }

  @Test
  void badInputIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> CookieSessionKeys.fromJson("{\"secret\": \"hunter2\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a valid Tink JSON keyset")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> CookieSessionKeys.fromFile(dir.resolve("missing.json")))
        .hasMessageContaining("missing.json");
    assertThatThrownBy(() -> CookieSessionKeys.fromEnvironment("POTO_TEST_SURELY_UNSET_VARIABLE"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POTO_TEST_SURELY_UNSET_VARIABLE is not set");
  }

  @Test
  void weakerKeyTypesAreRefused() throws Exception {
    AeadConfig.register();
    String aes128 =
        TinkJsonProtoKeysetFormat.serializeKeyset(
            KeysetHandle.generateNew(PredefinedAeadParameters.AES128_GCM), InsecureSecretKeyAccess.get());
    assertThatThrownBy(() -> CookieSessionKeys.fromJson(aes128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only AES-256-GCM or AES-256-GCM-SIV");
  }

  @Test
  void gcmSivKeysetsWorkWhereTheJdkHasGcmSivAndOtherwiseSayWhy() throws Exception {
    AeadConfig.register();
    var siv = com.google.crypto.tink.aead.AesGcmSivParameters.builder()
        .setKeySizeBytes(32)
        .setVariant(com.google.crypto.tink.aead.AesGcmSivParameters.Variant.TINK)
        .build();
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(siv), InsecureSecretKeyAccess.get());
    if (!gcmSivAvailable()) {
      assertThatThrownBy(() -> CookieSessionKeys.fromJson(json))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("need a security provider that implements AES/GCM-SIV");
      return;
    }
    CookieSessionKeys keys = CookieSessionKeys.fromJson(json);
    byte[] ciphertext = keys.aead().encrypt(new byte[] {7}, new byte[] {1});
    assertThat(keys.aead().decrypt(ciphertext, new byte[] {1})).containsExactly(7);
  }

  @Test
  void theCommandPrintsAKeysetAndRotatesAFile() throws Exception {
    String printed = runMain();
    CookieSessionKeys keys = CookieSessionKeys.fromJson(printed);
    assertThat(keys.size()).isEqualTo(1);

    Path file = dir.resolve("keys.json");
    Files.writeString(file, printed);
    CookieSessionKeys rotated = CookieSessionKeys.fromJson(runMain("--rotate", file.toString()));
    assertThat(rotated.size()).isEqualTo(2);
    assertThat(rotated.primaryKeyId()).isNotEqualTo(keys.primaryKeyId());
  }

  private static boolean gcmSivAvailable() {
    try {
      javax.crypto.Cipher.getInstance("AES/GCM-SIV/NoPadding");
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static String runMain(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      GenerateSessionKeyset.main(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
