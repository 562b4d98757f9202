package dev.poto.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.client.LoginResult;
import dev.poto.client.PotoClient;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.PasswordHasher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The generated Java client against a real server whose login access tokens live one second: an
 * expired access token is refreshed transparently, a copied refresh token used again ends the login,
 * and logout revokes it.
 */
class RefreshOverHttpTest {

  private static PotoServer server() {
    InMemoryUserProvider users = new InMemoryUserProvider(new PasswordHasher(1_000));
    users.addUser("alice", "alice-password", "user");
    return PotoServer.builder().host("127.0.0.1").port(0).module(new CoreModule()).userProvider(users)
        .jwt(jwt -> jwt.secret(CoreServer.SECRET).loginExpiry(Duration.ofSeconds(1)))
        .build().start();
  }

  /** Waits (a clock condition, not a timing assertion) until a token issued with this expiry has run out. */
  private static void untilExpired(LoginResult login) throws InterruptedException {
    while (!Instant.now().isAfter(login.expiresAt().plusMillis(200))) {
      Thread.sleep(50);
    }
  }

  @Test
  void anExpiredLoginIsRefreshedAndTheCallGoesThrough() throws Exception {
    try (PotoServer server = server(); PotoClient client = PotoClient.create("http://127.0.0.1:" + server.port())) {
      LoginResult first = client.login("alice", "alice-password");
      assertThat(first.refreshToken()).isNotNull();
      CoreModuleClient core = new CoreModuleClient(client);
      untilExpired(first);
      assertThat(core.whoami().userId()).isEqualTo(first.userId());
      assertThat(client.token()).isNotEqualTo(first.token());
      assertThat(client.loginResult().refreshToken()).isNotEqualTo(first.refreshToken());

      // Someone replays the first refresh token: the server revokes the login.
      HttpResponse<String> replay = new RawHttp(server.port()).post("/poto/_auth/refresh",
          "{\"refreshToken\":\"" + first.refreshToken() + "\"}", null);
      assertThat(replay.statusCode()).isEqualTo(401);
      assertThat(replay.body()).contains("\"code\":\"" + ProblemCodes.INVALID_REFRESH_TOKEN + "\"");
      untilExpired(client.loginResult());
      RpcException ended = catchThrowableOfType(RpcException.class, core::whoami);
      assertThat(ended.code()).isEqualTo(ProblemCodes.TOKEN_EXPIRED);
    }
  }

  @Test
  void logoutRevokesTheRefreshToken() throws Exception {
    try (PotoServer server = server(); PotoClient client = PotoClient.create("http://127.0.0.1:" + server.port())) {
      LoginResult login = client.login("alice", "alice-password");
      client.logout();
      assertThat(client.token()).isNull();
      assertThat(server.runtime().sessionProvider().orElseThrow()
          .get(login.userId(), "_poto.refresh." + login.refreshToken().split("\\.")[1])).isEmpty();
    }
  }
}
