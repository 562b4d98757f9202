package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.support.TestServers;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code Authorization} header's forms: {@code Bearer <token>}, the scheme in any case, whitespace around. */
class AccessControlTest {
  private static final TokenService TOKENS = new TokenService(new JwtConfig().secret(TestServers.SECRET));
  private static final AccessControl ACCESS = new AccessControl(new BearerTokens(TOKENS));
  private static final PotoUser USER = new PotoUser("u1", Set.of("member"));
  private static final String TOKEN = TOKENS.issue(USER).token();

  @ParameterizedTest
  @ValueSource(strings = {"Bearer %s", "bearer %s", "BEARER %s", "bEaReR %s", "Bearer   %s", "  Bearer %s  ",
      "\tBearer\t%s\t", "Bearer %s\r\n"})
  void theTokenIsFoundInEveryAcceptedForm(String header) {
    assertThat(ACCESS.authorize(MethodAccess.AUTHENTICATED, header.formatted(TOKEN))).isEqualTo(USER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer%s", "Bearerx %s", "Basic %s", "Beare %s", "B %s", "%s", "Bearer", "Bearer ",
      "Bearer \t ", "", "   ", "Bearer %s x", "Bearer x%s", "Bearer %s="})
  void anyOtherFormIsAnInvalidToken(String header) {
    assertThatThrownBy(() -> ACCESS.authorize(MethodAccess.PUBLIC, header.formatted(TOKEN)))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo(ProblemCodes.INVALID_TOKEN);
        });
  }
}
