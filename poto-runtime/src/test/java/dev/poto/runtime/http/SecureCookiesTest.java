package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecureCookiesTest {

  @Test
  void addsSecureOnceAndKeepsEverythingElse() {
    assertThat(SecureCookies.secure("s=abc; Path=/; HttpOnly; SameSite=Lax"))
        .isEqualTo("s=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
    assertThat(SecureCookies.secure("s=abc; Secure; Path=/")).isEqualTo("s=abc; Secure; Path=/");
    assertThat(SecureCookies.secure("s=abc; path=/; secure")).isEqualTo("s=abc; path=/; secure");
    assertThat(SecureCookies.secure("secure=1; Path=/")).as("a cookie named secure is not the attribute")
        .isEqualTo("secure=1; Path=/; Secure");
  }
}
