package dev.poto.bench.support;

import java.security.SecureRandom;
import java.util.Base64;

/** A fresh JWT secret per run (never printed): 32 random bytes as base64url text. */
public final class Secrets {
  private Secrets() {}

  public static String newJwtSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
