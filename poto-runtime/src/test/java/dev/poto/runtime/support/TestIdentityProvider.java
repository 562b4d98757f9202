package dev.poto.runtime.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real OpenID Connect provider for tests, on the loopback: a discovery document and a JWKS served
 * over HTTP, keys generated here, tokens signed here. It can rotate keys, go down (503) and hang.
 */
public final class TestIdentityProvider implements AutoCloseable {
  private final HttpServer server;
  private final String issuer;
  /** The keys the JWKS publishes (private halves kept here for signing). */
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger discoveryFetches = new AtomicInteger();
  private volatile boolean down;
  private volatile CountDownLatch hang;
  private final AtomicInteger hanging = new AtomicInteger();

  public TestIdentityProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
    server.createContext("/realms/test/.well-known/openid-configuration", exchange -> {
      discoveryFetches.incrementAndGet();
      answer(exchange, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\"}");
    });
    server.createContext("/realms/test/certs", exchange -> {
      jwksFetches.incrementAndGet();
      answer(exchange, new JWKSet(List.copyOf(published)).toPublicJWKSet().toString());
    });
    server.start();
  }

  private void answer(HttpExchange exchange, String json) throws IOException {
    try (exchange) {
      CountDownLatch gate = hang;
      if (gate != null) {
        hanging.incrementAndGet();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          hanging.decrementAndGet();
        }
      }
      if (down) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  public String issuer() {
    return issuer;
  }

  public String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test/certs";
  }

  /** RSA key generation is slow: two key pairs per test run, handed out under any key id. */
  private static final class RsaPairs {
    static final RSAKey FIRST = generate();
    static final RSAKey SECOND = generate();

    private static RSAKey generate() {
      try {
        return new RSAKeyGenerator(2048).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** An RSA key pair under {@code kid}: always the same pair, so a token signed with it fails only for its kid. */
  public static RSAKey rsaKey(String kid) {
    return new RSAKey.Builder(RsaPairs.FIRST).keyID(kid).build();
  }

  /** A different RSA key pair than {@link #rsaKey}, under {@code kid}. */
  public static RSAKey otherRsaKey(String kid) {
    return new RSAKey.Builder(RsaPairs.SECOND).keyID(kid).build();
  }

  public static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static OctetKeyPair edKey(String kid) {
    try {
      return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Publishes a key in the JWKS. */
  public TestIdentityProvider publish(JWK key) {
    published.add(key);
    return this;
  }

  /** Stops publishing a key (the provider retired it). */
  public void retire(String kid) {
    published.removeIf(key -> kid.equals(key.getKeyID()));
  }

  /** While down, both documents answer 503. */
  public void down(boolean down) {
    this.down = down;
  }

  /** From now on, requests wait until the returned latch is counted down. */
  public CountDownLatch hang() {
    CountDownLatch gate = new CountDownLatch(1);
    hang = gate;
    return gate;
  }

  public void stopHanging() {
    CountDownLatch gate = hang;
    hang = null;
    if (gate != null) {
      gate.countDown();
    }
  }

  /** Requests being held by {@link #hang}. */
  public int hanging() {
    return hanging.get();
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  public int discoveryFetches() {
    return discoveryFetches.get();
  }

  /** Standard valid claims: this issuer, audience {@code poto-app}, subject {@code alice}, one hour. */
  public JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience("poto-app")
        .subject("alice")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  /** A token signed with {@code key} under the algorithm that fits it. */
  public String sign(JWK key, JWTClaimsSet claims) {
    return sign(key, defaultAlgorithm(key), claims, header -> {});
  }

  public String sign(JWK key, Consumer<JWTClaimsSet.Builder> edit) {
    JWTClaimsSet.Builder builder = claims();
    edit.accept(builder);
    return sign(key, builder.build());
  }

  public static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
    try {
      JWSHeader.Builder h = new JWSHeader.Builder(algorithm).keyID(key.getKeyID());
      header.accept(h);
      SignedJWT jwt = new SignedJWT(h.build(), claims);
      jwt.sign(signer(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSSigner signer(JWK key) throws JOSEException {
    return switch (key) {
      case RSAKey rsa -> new RSASSASigner(rsa);
      case ECKey ec -> new ECDSASigner(ec);
      case OctetKeyPair okp -> new Ed25519Signer(okp);
      default -> throw new IllegalArgumentException(key.getKeyType().toString());
    };
  }

  private static JWSAlgorithm defaultAlgorithm(JWK key) {
    return switch (key) {
      case RSAKey rsa -> JWSAlgorithm.RS256;
      case ECKey ec -> JWSAlgorithm.ES256;
      default -> JWSAlgorithm.EdDSA;
    };
  }

  @Override
  public void close() {
    stopHanging();
    server.stop(0);
  }
}
