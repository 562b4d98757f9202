package dev.poto.runtime.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The {@code Poto-Request-Id} of a call: the caller's when it is a safe token, else a new random one. */
public final class RequestIds {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  // DRBG: a SecureRandom that runs in process. The platform default (NativePRNG) takes a global lock
  // and reads /dev/urandom on every call, which showed up on every request's profile.
  private static final SecureRandom RANDOM = drbg();

  private RequestIds() {}

  public static String acceptOrCreate(String incoming) {
    return incoming != null && SAFE.matcher(incoming).matches() ? incoming : create();
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  public static String create() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
