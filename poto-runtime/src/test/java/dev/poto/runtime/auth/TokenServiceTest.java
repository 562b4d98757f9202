package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  private static final String SECRET = TestServers.SECRET;

  private static TokenService service(String secret, String issuer) {
    return new TokenService(new JwtConfig().secret(secret).issuer(issuer));
  }

  @Test
  void issuedTokenVerifiesToTheSameUser() {
    TokenService tokens = service(SECRET, "poto");
    IssuedToken issued = tokens.issue(new PotoUser("u1", Set.of("a", "b")));
    assertThat(issued.userId()).isEqualTo("u1");
    assertThat(issued.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    PotoUser user = tokens.verify(issued.token());
    assertThat(user).isEqualTo(new PotoUser("u1", Set.of("a", "b")));
  }

  @Test
  void expiryIsConfigurable() {
    TokenService tokens = new TokenService(new JwtConfig().secret(SECRET).expiry(Duration.ofMinutes(5)));
    IssuedToken issued = tokens.issue(new PotoUser("u1", Set.of()));
    assertThat(issued.expiresAt()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
  }

  @Test
  void shortSecretFailsAtStartupWithoutEchoingIt() {
    String shortSecret = "only-31-bytes-long-secret-value";
    assertThat(shortSecret.getBytes(StandardCharsets.UTF_8)).hasSize(31);
    assertThatThrownBy(() -> service(shortSecret, "poto"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least 32 bytes")
        .hasMessageNotContaining(shortSecret);
  }

  @Test
  void serverRefusesToBuildWithShortSecret() {
    assertThatThrownBy(() -> PotoServer.create(c -> c.port(0).jwt(jwt -> jwt.secret("too-short"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void serverRefusesToBuildWithoutSecret() {
    assertThatThrownBy(() -> PotoServer.create(c -> c.port(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No JWT secret");
  }

  @Test
  void developmentSecretWorks() {
    TokenService tokens = new TokenService(new JwtConfig().randomDevelopmentSecret());
    assertThat(tokens.verify(tokens.issue(new PotoUser("u", Set.of())).token()).id()).isEqualTo("u");
  }

  @Test
  void configNeverPrintsTheSecret() {
    JwtConfig config = new JwtConfig().secret(SECRET);
    assertThat(config.toString()).doesNotContain(SECRET).contains("hidden");
    assertThat(service(SECRET, "poto").toString()).doesNotContain(SECRET);
  }

  @Test
  void expiredTokenIsTokenExpired() {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    TokenService old = new TokenService(new JwtConfig().secret(SECRET), past);
    String token = old.issue(new PotoUser("u1", Set.of())).token();
    assertRejected(() -> service(SECRET, "poto").verify(token), ProblemCodes.TOKEN_EXPIRED);
  }

  @Test
  void wrongSignatureIsInvalid() {
    String token = service("another-secret-another-secret-another-secret", "poto").issue(new PotoUser("u1", Set.of())).token();
    assertRejected(() -> service(SECRET, "poto").verify(token), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void wrongIssuerIsInvalid() {
    String token = service(SECRET, "someone-else").issue(new PotoUser("u1", Set.of())).token();
    assertRejected(() -> service(SECRET, "poto").verify(token), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void algNoneIsInvalid() {
    assertRejected(() -> service(SECRET, "poto").verify(algNoneToken("u1")), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void tamperedPayloadIsInvalid() {
    TokenService tokens = service(SECRET, "poto");
    String token = tokens.issue(new PotoUser("u1", Set.of("visitor"))).token();
    assertRejected(() -> tokens.verify(tamper(token, "u1", "u2")), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void garbageIsInvalid() {
    TokenService tokens = service(SECRET, "poto");
    for (String garbage : new String[] {"x", "a.b.c", "...", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln"}) {
      assertRejected(() -> tokens.verify(garbage), ProblemCodes.INVALID_TOKEN);
    }
  }

  static void assertRejected(Runnable verification, String code) {
    assertThatThrownBy(verification::run)
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo(code);
        });
  }

  /** An unsigned token with {@code alg: none} and otherwise plausible claims. */
  static String algNoneToken(String subject) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(
        ("{\"sub\":\"" + subject + "\",\"iss\":\"poto\",\"roles\":[\"admin\"],\"exp\":" + exp + "}")
            .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".";
  }

  /** The token with its payload's {@code from} replaced by {@code to}, signature kept. */
  static String tamper(String token, String from, String to) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String changed = payload.replace(from, to);
    assertThat(changed).isNotEqualTo(payload);
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  @Test
  void aNullExpiryIsInvalidNotEternal() {
    String token = signed("{\"sub\":\"u1\",\"iss\":\"poto\",\"roles\":[],\"exp\":null}");
    assertRejected(() -> service(SECRET, "poto").verify(token), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void aNumericSubjectIsInvalid() {
    long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    String token = signed("{\"sub\":12345,\"iss\":\"poto\",\"roles\":[],\"exp\":" + exp + "}");
    assertRejected(() -> service(SECRET, "poto").verify(token), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void aHandSignedTokenWithTheRightClaimsIsAccepted() {
    long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    String token = signed("{\"sub\":\"u1\",\"iss\":\"poto\",\"roles\":[\"member\"],\"exp\":" + exp + "}");
    assertThat(service(SECRET, "poto").verify(token)).isEqualTo(new PotoUser("u1", Set.of("member")));
  }

  @Test
  void aPaddedSignatureIsInvalid() {
    TokenService tokens = service(SECRET, "poto");
    String token = tokens.issue(new PotoUser("u1", Set.of())).token();
    assertThat(tokens.verify(token).id()).isEqualTo("u1");
    assertRejected(() -> tokens.verify(token + "="), ProblemCodes.INVALID_TOKEN);
    String[] parts = token.split("\\.");
    assertRejected(() -> tokens.verify(parts[0] + "=." + parts[1] + "." + parts[2]), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void aLastCharacterWithUnusedBitsSetIsInvalid() {
    TokenService tokens = service(SECRET, "poto");
    String token = tokens.issue(new PotoUser("u1", Set.of())).token();
    String signature = token.substring(token.lastIndexOf('.') + 1);
    assertThat(signature).hasSize(43); // 32 bytes: the last character carries 4 bits and 2 unused ones
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = signature.charAt(42);
    char sameBytes = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String respelled = token.substring(0, token.length() - 1) + sameBytes;
    assertThat(Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1)))
        .as("the JDK decoder reads both spellings as the same bytes")
        .isEqualTo(Base64.getUrlDecoder().decode(signature));
    assertRejected(() -> tokens.verify(respelled), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void canonicalFormIsCheckedPerPart() {
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.AA")).isTrue();
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.AB")).isFalse(); // "AB": 4 unused bits not zero
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.A")).isFalse(); // one character is no byte
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.AA+")).isFalse(); // not the url alphabet
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.AA==")).isFalse(); // padding
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.A\u00c1")).isFalse(); // Latin-1, not ASCII
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.A\u0141")).isFalse(); // beyond Latin-1
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.\u0000A")).isFalse();
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.-_")).isFalse(); // "-_": 4 unused bits not zero
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.-w")).isTrue(); // "w" = 48: its low 4 bits are zero
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30")).isFalse();
    assertThat(TokenService.canonicalBase64Url("eyJ9.e30.AA.AA")).isFalse();
  }

  /** A token with this exact payload, signed with the test secret. */
  static String signed(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    byte[] signature = com.auth0.jwt.algorithms.Algorithm.HMAC256(SECRET)
        .sign(header.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + b64.encodeToString(signature);
  }
}
