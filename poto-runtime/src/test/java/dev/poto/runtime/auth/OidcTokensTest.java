package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.support.TestIdentityProvider;
import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.support.TestServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provider tokens checked against a real JWKS endpoint that this test runs, with keys made here. */
class OidcTokensTest {
  private final TestIdentityProvider provider = new TestIdentityProvider();
  private final RSAKey k1 = TestIdentityProvider.rsaKey("k1");
  private final MutableClock clock = new MutableClock(Instant.now());
  private BearerTokens tokens;
  /** Where background key refreshes wait until the test runs them. */
  private final ManualScheduler refreshes = new ManualScheduler();

  @AfterEach
  void close() {
    if (tokens != null) {
      tokens.close();
    }
    provider.close();
  }

  private BearerTokens tokens(Consumer<OidcConfig> extra) {
    OidcConfig oidc = new OidcConfig().issuer(provider.issuer()).audience("poto-app").clock(clock)
        .fetchTimeout(Duration.ofSeconds(30));
    extra.accept(oidc);
    tokens = new BearerTokens(new TokenService(new JwtConfig().secret(TestServers.SECRET)), oidc, refreshes);
    return tokens;
  }

  private BearerTokens tokens() {
    return tokens(oidc -> oidc.rolesClaim("realm_access.roles"));
  }

  private static void assertRejected(Runnable verify, String code) {
    assertThatThrownBy(verify::run)
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo(code);
        });
  }

  @Test
  void rs256TokenFoundThroughDiscoveryMapsToUserAndRoles() {
    provider.publish(k1);
    BearerTokens verifier = tokens();
    String token = provider.sign(k1, c -> c.claim("realm_access", Map.of("roles", List.of("admin", "member"))));
    assertThat(verifier.verify(token)).isEqualTo(new PotoUser("alice", Set.of("admin", "member")));
    assertThat(verifier.verify(token).id()).isEqualTo("alice");
    assertThat(provider.discoveryFetches()).isEqualTo(1);
    assertThat(provider.jwksFetches()).as("keys are cached").isEqualTo(1);
  }

  @Test
  void es256AndEdDsaWithAConfiguredJwksUri() {
    ECKey ec = TestIdentityProvider.ecKey("ec1");
    OctetKeyPair ed = TestIdentityProvider.edKey("ed1");
    provider.publish(ec).publish(ed);
    BearerTokens verifier = tokens(oidc -> oidc.jwksUri(provider.jwksUri()).algorithms("ES256", "EdDSA"));
    assertThat(verifier.verify(provider.sign(ec, c -> c.subject("bob"))).id()).isEqualTo("bob");
    assertThat(verifier.verify(provider.sign(ed, c -> c.subject("carol"))).id()).isEqualTo("carol");
    assertThat(provider.discoveryFetches()).isZero();
  }

  @Test
  void claimMappingFollowsConfiguredPathsAndScopeStrings() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.userIdClaim("email").rolesClaim("https://acme.test/roles"));
    String token = provider.sign(k1, c -> c.claim("email", "a@acme.test").claim("https://acme.test/roles", "read  write"));
    assertThat(verifier.verify(token)).isEqualTo(new PotoUser("a@acme.test", Set.of("read", "write")));
    assertThat(verifier.verify(provider.sign(k1, c -> c.claim("email", "x@acme.test"))).roles()).isEmpty();
  }

  @Test
  void everyRejectionHasItsStableCode() {
    provider.publish(k1);
    BearerTokens verifier = tokens();
    Instant now = Instant.now();
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.audience("other-app"))), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.audience(List.of()))), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.issuer("https://evil.test/"))), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(TestIdentityProvider.rsaKey("nobody"), c -> {})), ProblemCodes.UNKNOWN_KEY);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.expirationTime(Date.from(now.minusSeconds(120))))),
        ProblemCodes.TOKEN_EXPIRED);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.expirationTime(null))), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.notBeforeTime(Date.from(now.plusSeconds(600))))),
        ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.subject(null))), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.claim("realm_access", Map.of("roles", List.of(1, 2))))),
        ProblemCodes.INVALID_TOKEN);
    // Another key under the published kid: the signature does not verify.
    assertRejected(() -> verifier.verify(provider.sign(TestIdentityProvider.otherRsaKey("k1"), c -> {})), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify("not.a.token"), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify("garbage"), ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void expiryAllowsTheConfiguredClockSkewOnly() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.clockSkew(Duration.ofSeconds(60)));
    Instant now = clock.instant();
    assertThat(verifier.verify(provider.sign(k1, c -> c.expirationTime(Date.from(now.minusSeconds(30))))).id())
        .isEqualTo("alice");
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.expirationTime(Date.from(now.minusSeconds(90))))),
        ProblemCodes.TOKEN_EXPIRED);
  }

  @Test
  void theAlgorithmComesFromConfigurationNeverFromTheToken() throws Exception {
    ECKey ec = TestIdentityProvider.ecKey("ec1");
    provider.publish(k1).publish(ec);
    BearerTokens verifier = tokens(oidc -> oidc.algorithms("RS256"));
    JWTClaimsSet claims = provider.claims().build();
    // A published EC key, but ES256 is not configured.
    assertRejected(() -> verifier.verify(provider.sign(ec, claims)), ProblemCodes.INVALID_TOKEN);
    // PS256 with the right RSA key: still not the configured algorithm.
    assertRejected(() -> verifier.verify(TestIdentityProvider.sign(k1, JWSAlgorithm.PS256, claims, h -> {})),
        ProblemCodes.INVALID_TOKEN);
    // HS256 "signed" with the RSA public key as the HMAC secret: the classic key confusion.
    SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims);
    confused.sign(new MACSigner(k1.toPublicJWK().toJSONString().repeat(2).getBytes()));
    assertRejected(() -> verifier.verify(confused.serialize()), ProblemCodes.INVALID_TOKEN);
    // alg none.
    assertRejected(() -> verifier.verify(new PlainJWT(claims).serialize()), ProblemCodes.INVALID_TOKEN);
    // None of them made the verifier fetch anything beyond the first key set.
    assertThat(provider.jwksFetches()).isLessThanOrEqualTo(1);
  }

  @Test
  void aTamperedTokenIsRejected() {
    provider.publish(k1);
    BearerTokens verifier = tokens();
    String token = provider.sign(k1, c -> {});
    String[] parts = token.split("\\.");
    String forged = provider.sign(TestIdentityProvider.otherRsaKey("k1"), c -> c.subject("mallory")
        .claim("realm_access", Map.of("roles", List.of("admin"))));
    String tampered = parts[0] + "." + forged.split("\\.")[1] + "." + parts[2];
    assertRejected(() -> verifier.verify(tampered), ProblemCodes.INVALID_TOKEN);
    String badSignature = parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[256]);
    assertRejected(() -> verifier.verify(badSignature), ProblemCodes.INVALID_TOKEN);
    assertThat(verifier.verify(token).id()).isEqualTo("alice");
  }

  @Test
  void rotationAtTheProviderIsPickedUpByOneFetch() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.keyFetchMinInterval(Duration.ofSeconds(30)));
    assertThat(verifier.verify(provider.sign(k1, c -> {})).id()).isEqualTo("alice");
    clock.advance(Duration.ofSeconds(31));
    RSAKey k2 = TestIdentityProvider.otherRsaKey("k2");
    provider.publish(k2);
    provider.retire("k1");
    assertThat(verifier.verify(provider.sign(k2, c -> {})).id()).isEqualTo("alice");
    assertThat(provider.jwksFetches()).isEqualTo(2);
  }

  @Test
  void unknownKeyIdsCannotFloodTheProvider() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.keyFetchMinInterval(Duration.ofSeconds(30)));
    verifier.verify(provider.sign(k1, c -> {}));
    for (int i = 0; i < 20; i++) {
      String kid = "random-" + i;
      assertRejected(() -> verifier.verify(provider.sign(TestIdentityProvider.rsaKey(kid), c -> {})), ProblemCodes.UNKNOWN_KEY);
    }
    assertThat(provider.jwksFetches()).as("rate limited: the first fetch only").isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertRejected(() -> verifier.verify(provider.sign(TestIdentityProvider.rsaKey("again"), c -> {})), ProblemCodes.UNKNOWN_KEY);
    assertThat(provider.jwksFetches()).isEqualTo(2);
  }

  @Test
  void providerDownKeepsCachedKeysWorkingAndUnknownKeysAre401() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.keyRefreshInterval(Duration.ofMinutes(5)));
    String token = provider.sign(k1, c -> {});
    verifier.verify(token);
    provider.down(true);
    clock.advance(Duration.ofMinutes(10)); // stale: the next call refreshes in the background, and that fails
    assertThat(verifier.verify(token).id()).isEqualTo("alice");
    refreshes.advance(Duration.ZERO);
    assertThat(verifier.verify(provider.sign(k1, c -> c.subject("again"))).id()).isEqualTo("again");
    clock.advance(Duration.ofMinutes(1));
    assertRejected(() -> verifier.verify(provider.sign(TestIdentityProvider.rsaKey("k2"), c -> {})), ProblemCodes.UNKNOWN_KEY);
    assertThat(verifier.verify(token).id()).as("a failed fetch keeps the cached keys").isEqualTo("alice");
  }

  @Test
  void aStaleKeySetIsRefreshedOnTheSchedulerNotOnTheCallingThread() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.keyRefreshInterval(Duration.ofMinutes(5)));
    String token = provider.sign(k1, c -> {});
    verifier.verify(token);
    assertThat(provider.jwksFetches()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));

    assertThat(verifier.verify(token).id()).isEqualTo("alice");
    assertThat(verifier.verify(token).id()).isEqualTo("alice");

    assertThat(provider.jwksFetches()).as("the calls did not fetch").isEqualTo(1);
    assertThat(refreshes.pending()).as("one refresh for both stale reads").isEqualTo(1);
    refreshes.advance(Duration.ZERO);
    assertThat(provider.jwksFetches()).isEqualTo(2);
  }

  @Test
  void closingDropsARefreshNotStartedYet() {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.keyRefreshInterval(Duration.ofMinutes(5)));
    String token = provider.sign(k1, c -> {});
    verifier.verify(token);
    clock.advance(Duration.ofMinutes(6));
    verifier.verify(token);
    assertThat(refreshes.pending()).isEqualTo(1);

    verifier.close();

    assertThat(refreshes.pending()).isZero();
    assertThat(provider.jwksFetches()).isEqualTo(1);
  }

  @Test
  void providerDownFromTheStartIsUnknownKeyNotAnError() {
    provider.publish(k1);
    provider.down(true);
    BearerTokens verifier = tokens();
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> {})), ProblemCodes.UNKNOWN_KEY);
    provider.down(false);
    clock.advance(OidcConfig.DEFAULT_KEY_FETCH_MIN_INTERVAL);
    assertThat(verifier.verify(provider.sign(k1, c -> {})).id()).isEqualTo("alice");
  }

  @Test
  void aHangingProviderNeverStallsCallsWithCachedKeys() throws Exception {
    provider.publish(k1);
    BearerTokens verifier = tokens(oidc -> oidc.keyRefreshInterval(Duration.ofMinutes(5)).fetchTimeout(Duration.ofMinutes(5)));
    String token = provider.sign(k1, c -> {});
    verifier.verify(token);
    provider.hang();
    clock.advance(Duration.ofMinutes(6));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(verifier.verify(token).id()).isEqualTo("alice"); // schedules the background refresh
      Thread.ofVirtual().start(() -> refreshes.advance(Duration.ZERO)); // runs it, where it hangs
      while (provider.hanging() == 0) {
        Thread.onSpinWait(); // the refresh reached the provider and is stuck there
      }
      for (int i = 0; i < 100; i++) {
        assertThat(verifier.verify(token).id()).isEqualTo("alice");
      }
    });
    assertThat(provider.hanging()).as("the refresh is still stuck while calls went through").isEqualTo(1);
  }

  @Test
  void ownTokensKeepWorkingBesideTheProvider() {
    provider.publish(k1);
    BearerTokens verifier = tokens();
    IssuedToken own = verifier.own().issue(new PotoUser("visitor_x", Set.of("visitor")));
    PotoUser user = verifier.verify(own.token());
    assertThat(user.id()).isEqualTo("visitor_x");
    assertThat(verifier.verify(own.token())).as("verified before: neither parsed nor checked again").isSameAs(user);
    assertThat(provider.jwksFetches()).as("own tokens never reach the provider").isZero();
    // A provider-signed token that claims Poto's issuer is checked by Poto's rules (HS256 only), and fails,
    // also when it names Poto's key id.
    RSAKey posing = TestIdentityProvider.rsaKey(JwtConfig.DEFAULT_KEY_ID);
    provider.publish(posing);
    assertRejected(() -> verifier.verify(provider.sign(posing, c -> c.issuer(JwtConfig.DEFAULT_ISSUER))), ProblemCodes.INVALID_TOKEN);
    assertRejected(() -> verifier.verify(provider.sign(k1, c -> c.issuer(JwtConfig.DEFAULT_ISSUER))), ProblemCodes.UNKNOWN_KEY);
  }

  @Test
  void configurationMistakesFailAtStartup() {
    TokenService own = new TokenService(new JwtConfig().secret(TestServers.SECRET));
    assertThatThrownBy(() -> new BearerTokens(own, new OidcConfig().issuer(provider.issuer()), refreshes))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
    assertThatThrownBy(() -> new BearerTokens(own, new OidcConfig().issuer("http://idp.example.com/").audience("a"), refreshes))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("https");
    assertThatThrownBy(() -> new BearerTokens(own, new OidcConfig().issuer("poto").audience("a"), refreshes))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new OidcConfig().algorithms("HS256")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HMAC");
    assertThatThrownBy(() -> new OidcConfig().algorithms("none")).isInstanceOf(IllegalArgumentException.class);
    new BearerTokens(own, new OidcConfig().issuer("http://idp.example.com/").audience("a").allowHttp(true), refreshes).close();
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
