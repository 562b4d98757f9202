package dev.poto.runtime.session.cookie;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a session (key → JSON value, plus an expiry) into a cookie value and back:
 * {@code base64url(Tink AEAD(payload, associatedData = "poto-session-v1:" + userId))}, payload
 * {@code {"exp": epochSeconds, "d": {key: value, ...}}}. Binding the user id as associated data makes
 * a cookie open only for the user it was written for.
 */
final class SessionCookieCodec {
  /** Longer cookie values are rejected unread (a browser never sends one this long for us). */
  static final int MAX_COOKIE_VALUE_CHARS = 8192;

  private static final byte[] AD_PREFIX = "poto-session-v1:".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();

  /** Keeps numbers exactly as written (1.10 stays 1.10, big integers stay whole). */
  static final ObjectMapper PAYLOAD_JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .build();

  private final CookieSessionKeys keys;

  SessionCookieCodec(CookieSessionKeys keys) {
    this.keys = keys;
  }

  String encode(String userId, Map<String, JsonNode> values, Instant expiresAt) {
    ObjectNode payload = PAYLOAD_JSON.createObjectNode();
    payload.put("exp", expiresAt.getEpochSecond());
    payload.putObject("d").setAll(values);
    try {
      byte[] plaintext = PAYLOAD_JSON.writeValueAsBytes(payload);
      return BASE64.encodeToString(keys.aead().encrypt(plaintext, associatedData(userId)));
    } catch (JsonProcessingException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not encrypt the session cookie", e);
    }
  }

  /** The session in {@code cookieValue}, or why it cannot be used (never the value itself). */
  Decoded decode(String userId, String cookieValue, Instant now) {
    if (cookieValue.length() > MAX_COOKIE_VALUE_CHARS) {
      return Decoded.rejected("too long");
    }
    byte[] ciphertext;
    try {
      ciphertext = UNBASE64.decode(cookieValue);
    } catch (IllegalArgumentException e) {
      return Decoded.rejected("not base64url");
    }
    byte[] plaintext;
    try {
      plaintext = keys.aead().decrypt(ciphertext, associatedData(userId));
    } catch (GeneralSecurityException e) {
      return Decoded.rejected("does not open: tampered, truncated, another key or another user");
    }
    JsonNode payload;
    try {
      payload = PAYLOAD_JSON.readTree(plaintext);
    } catch (java.io.IOException e) {
      return Decoded.rejected("payload is not JSON");
    }
    JsonNode exp = payload == null ? null : payload.get("exp");
    JsonNode data = payload == null ? null : payload.get("d");
    if (exp == null || !exp.isIntegralNumber() || data == null || !data.isObject()) {
      return Decoded.rejected("payload lacks exp or d");
    }
    if (!now.isBefore(Instant.ofEpochSecond(exp.asLong()))) {
      return Decoded.rejected("expired");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    data.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
    return new Decoded(Optional.of(values), null);
  }

  private static byte[] associatedData(String userId) {
    byte[] id = userId.getBytes(StandardCharsets.UTF_8);
    byte[] ad = new byte[AD_PREFIX.length + id.length];
    System.arraycopy(AD_PREFIX, 0, ad, 0, AD_PREFIX.length);
    System.arraycopy(id, 0, ad, AD_PREFIX.length, id.length);
    return ad;
  }

  /** The opened session, or the reason ({@code rejection}) it could not be used. */
  record Decoded(Optional<Map<String, JsonNode>> values, String rejection) {
    static Decoded rejected(String why) {
      return new Decoded(Optional.empty(), why);
    }
  }
}
