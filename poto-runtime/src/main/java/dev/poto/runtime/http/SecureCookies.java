package dev.poto.runtime.http;

import java.util.Locale;

/**
 * Cookies set on an answer served over TLS always carry {@code Secure}, whatever the session provider
 * was told (e.g. {@code insecureDevelopmentCookies()} for plain http://localhost): a cookie a browser
 * received over HTTPS must never be sent back over plain HTTP.
 */
final class SecureCookies {
  private SecureCookies() {}

  /** {@code setCookie} with the {@code Secure} attribute added unless it has it already. */
  static String secure(String setCookie) {
    for (String attribute : setCookie.split(";")) {
      if (attribute.strip().toLowerCase(Locale.ROOT).equals("secure")) {
        return setCookie;
      }
    }
    return setCookie + "; Secure";
  }
}
