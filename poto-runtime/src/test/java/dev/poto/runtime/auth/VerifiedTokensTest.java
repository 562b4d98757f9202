package dev.poto.runtime.auth;

import static dev.poto.runtime.auth.TokenServiceTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.auth.OidcTokensTest.MutableClock;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A token verified once is remembered by its exact text: the answer of every later use must be the
 * one a full verification would give at that moment.
 */
class VerifiedTokensTest {
  private static final String SECRET = TestServers.SECRET;
  private static final PotoUser USER = new PotoUser("u1", Set.of("member"));
  private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

  private static TokenService service(Clock clock) {
    return new TokenService(new JwtConfig().secret(SECRET), clock);
  }

  @Test
  void aTokenVerifiedOnceIsNotVerifiedAgain() {
    TokenService tokens = service(Clock.systemUTC());
    String token = tokens.issue(USER).token();
    PotoUser first = tokens.verify(token);
    assertThat(first).isEqualTo(USER);
    assertThat(tokens.verifiedTokensKept()).isEqualTo(1);
    assertThat(tokens.verify(token)).as("the remembered verification, not a new decoding").isSameAs(first);
  }

  @Test
  void expiryIsCheckedOnEveryUse() {
    MutableClock clock = new MutableClock(T);
    TokenService tokens = service(clock);
    String token = tokens.issue(USER, Duration.ofSeconds(10)).token();
    assertThat(tokens.verify(token)).isEqualTo(USER);

    clock.advance(Duration.ofMillis(9_999)); // 9.999 s: still inside the last second
    assertSameAnswer(tokens, token, clock);
    assertThat(tokens.verify(token)).isEqualTo(USER);

    clock.advance(Duration.ofMillis(1)); // exactly exp: expired, as java-jwt says
    assertSameAnswer(tokens, token, clock);
    assertRejected(() -> tokens.verify(token), ProblemCodes.TOKEN_EXPIRED);
    assertThat(tokens.verifiedTokensKept()).as("an expired token is forgotten").isZero();
    assertRejected(() -> tokens.verify(token), ProblemCodes.TOKEN_EXPIRED);
  }

  @Test
  void aClockTurnedBackIsCheckedAsAFullVerificationWould() {
    MutableClock clock = new MutableClock(T);
    TokenService tokens = service(clock);
    String token = tokens.issue(USER).token(); // iat = T
    tokens.verify(token);
    clock.advance(Duration.ofSeconds(-1)); // before iat
    assertSameAnswer(tokens, token, clock);
    assertRejected(() -> tokens.verify(token), ProblemCodes.INVALID_TOKEN);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.verify(token)).isEqualTo(USER);

    // nbf later than iat: usable from nbf on, and again not before it.
    String notBefore = JWT.create().withKeyId(JwtConfig.DEFAULT_KEY_ID).withIssuer(JwtConfig.DEFAULT_ISSUER)
        .withSubject("u2").withIssuedAt(T).withNotBefore(T.plusSeconds(5)).withExpiresAt(T.plusSeconds(600))
        .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertRejected(() -> tokens.verify(notBefore), ProblemCodes.INVALID_TOKEN);
    clock.advance(Duration.ofSeconds(5));
    assertThat(tokens.verify(notBefore).id()).isEqualTo("u2");
    clock.advance(Duration.ofMillis(-1)); // 4.999 s after T: truncated to T + 4, before nbf
    assertSameAnswer(tokens, notBefore, clock);
    assertRejected(() -> tokens.verify(notBefore), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void aTamperedTokenSharingThePrefixOfAVerifiedOneIsVerifiedInFull() {
    TokenService tokens = service(Clock.systemUTC());
    String token = tokens.issue(new PotoUser("u1", Set.of("visitor"))).token();
    tokens.verify(token);
    assertRejected(() -> tokens.verify(TokenServiceTest.tamper(token, "visitor", "admin!!")), ProblemCodes.INVALID_TOKEN);
    // The same header and payload with another signature: the last character moved to another canonical one.
    char last = token.charAt(token.length() - 1);
    String otherSignature = token.substring(0, token.length() - 1) + (last == 'A' ? 'Q' : 'A');
    assertRejected(() -> tokens.verify(otherSignature), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> tokens.verify(token.substring(0, token.length() - 4)), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> tokens.verify(token + "AAAA"), ProblemCodes.INVALID_TOKEN);
    assertThat(tokens.verifiedTokensKept()).as("rejected tokens are not remembered").isEqualTo(1);
    assertThat(tokens.verify(token).id()).isEqualTo("u1");
  }

  @Test
  void aServiceWithOtherKeysDoesNotTrustWhatAnotherVerified() {
    String old = "old-secret-old-secret-old-secret-0123456789";
    String current = "new-secret-new-secret-new-secret-0123456789";
    String oldToken = new TokenService(new JwtConfig().signingKey("2026-11", old)).issue(USER).token();
    TokenService rotating = new TokenService(new JwtConfig().signingKey("2026-12", current).previousKey("2026-11", old));
    assertThat(rotating.verify(oldToken)).isEqualTo(USER);
    assertThat(rotating.verify(oldToken)).isEqualTo(USER);
    // The old key removed: a new service, which has verified nothing yet.
    TokenService retired = new TokenService(new JwtConfig().signingKey("2026-12", current));
    assertRejected(() -> retired.verify(oldToken), ProblemCodes.UNKNOWN_KEY);
    TokenService otherSecret = new TokenService(new JwtConfig().signingKey("2026-11", current));
    assertRejected(() -> otherSecret.verify(oldToken), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void theTokensKeptAreBounded() {
    TokenService tokens = new TokenService(new JwtConfig().secret(SECRET), Clock.systemUTC(), 8);
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String token = tokens.issue(new PotoUser("u" + i, Set.of())).token();
      issued.add(token);
      assertThat(tokens.verify(token).id()).isEqualTo("u" + i);
      assertThat(tokens.verifiedTokensKept()).isLessThanOrEqualTo(8);
    }
    for (int i = 0; i < issued.size(); i++) {
      assertThat(tokens.verify(issued.get(i)).id()).as("forgotten tokens verify in full again").isEqualTo("u" + i);
    }
    assertThat(tokens.verifiedTokensKept()).isLessThanOrEqualTo(8);
  }

  @Test
  void aTokenInUseStaysWhileOneOffTokensAgeOut() {
    VerifiedTokens kept = new VerifiedTokens(4);
    VerifiedTokens.Verified verified = new VerifiedTokens.Verified(USER, Long.MAX_VALUE, VerifiedTokens.Verified.NONE, 0);
    kept.put("in-use", verified);
    for (int i = 0; i < 50; i++) {
      kept.put("one-off-" + i, verified);
      assertThat(kept.get("in-use")).as("after %s one-off tokens", i + 1).isSameAs(verified);
      assertThat(kept.size()).isLessThanOrEqualTo(4);
    }
    assertThat(kept.get("one-off-0")).isNull();
    assertThatThrownBy(() -> new VerifiedTokens(1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The service's answer for {@code token} now equals that of a service that has verified nothing. */
  private static void assertSameAnswer(TokenService remembering, String token, Clock clock) {
    assertThat(outcome(() -> remembering.verify(token)))
        .isEqualTo(outcome(() -> service(clock).verify(token)));
  }

  private static String outcome(java.util.function.Supplier<PotoUser> verification) {
    try {
      return "accepted " + verification.get();
    } catch (RpcException e) {
      return e.status() + " " + e.code() + " " + e.getMessage();
    }
  }
}
