package dev.poto.runtime.auth;

import static dev.poto.runtime.auth.TokenServiceTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.context.PotoUser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Poto's own tokens name their key in {@code kid}; previous keys keep verifying until removed. */
class OwnKeyRotationTest {
  private static final String OLD = "old-secret-old-secret-old-secret-0123456789";
  private static final String NEW = "new-secret-new-secret-new-secret-0123456789";
  private static final PotoUser USER = new PotoUser("u1", Set.of("member"));

  @Test
  void tokensCarryTheSigningKeyId() {
    TokenService tokens = new TokenService(new JwtConfig().signingKey("2026-11", OLD));
    String token = tokens.issue(USER).token();
    assertThat(JWT.decode(token).getKeyId()).isEqualTo("2026-11");
    assertThat(JWT.decode(new TokenService(new JwtConfig().secret(OLD)).issue(USER).token()).getKeyId())
        .isEqualTo(JwtConfig.DEFAULT_KEY_ID);
  }

  @Test
  void afterRotationOldTokensVerifyUntilTheOldKeyIsRemoved() {
    String oldToken = new TokenService(new JwtConfig().signingKey("2026-11", OLD)).issue(USER).token();
    TokenService rotated = new TokenService(new JwtConfig().signingKey("2026-12", NEW).previousKey("2026-11", OLD));
    assertThat(rotated.verify(oldToken)).isEqualTo(USER);
    String newToken = rotated.issue(USER).token();
    assertThat(JWT.decode(newToken).getKeyId()).isEqualTo("2026-12");
    assertThat(rotated.verify(newToken)).isEqualTo(USER);

    TokenService retired = new TokenService(new JwtConfig().signingKey("2026-12", NEW));
    assertRejected(() -> retired.verify(oldToken), ProblemCodes.UNKNOWN_KEY);
    assertThat(retired.verify(newToken)).isEqualTo(USER);
  }

  @Test
  void aKeyIdDoesNotLetAnotherKeySign() {
    TokenService rotated = new TokenService(new JwtConfig().signingKey("2026-12", NEW).previousKey("2026-11", OLD));
    // Signed with the old secret but naming the new key id: checked with the new key, and fails.
    String mislabelled = JWT.create().withKeyId("2026-12").withIssuer("poto").withSubject("u1")
        .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256(OLD.getBytes(StandardCharsets.UTF_8)));
    assertRejected(() -> rotated.verify(mislabelled), ProblemCodes.INVALID_TOKEN);
    // Without kid, only the signing key is tried.
    String noKid = JWT.create().withIssuer("poto").withSubject("u1")
        .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256(OLD.getBytes(StandardCharsets.UTF_8)));
    assertRejected(() -> rotated.verify(noKid), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void keyMistakesFailAtStartup() {
    assertThatThrownBy(() -> new TokenService(new JwtConfig().signingKey("k", NEW).previousKey("k", OLD)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("id of the signing key");
    assertThatThrownBy(() -> new TokenService(new JwtConfig().signingKey("k2", NEW).previousKey("k1", "short")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("too short").hasMessageNotContaining("short\"");
    assertThatThrownBy(() -> new JwtConfig().signingKey("bad id\n", NEW)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new JwtConfig().signingKey("k2", NEW).previousKey("k1", OLD).toString())
        .doesNotContain(NEW).doesNotContain(OLD).contains("k1").contains("k2");
  }
}
