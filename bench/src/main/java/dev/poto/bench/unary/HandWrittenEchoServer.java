package dev.poto.bench.unary;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;

/**
 * The baseline: what a developer would write by hand in Javalin 7 for the same call. It verifies the
 * Bearer JWT (java-jwt, HS256, same secret and issuer as Poto), reads {@code {"item": {...}}} with
 * Jackson and writes the item back as JSON. Same Jetty, same virtual-thread setting as PotoServer, so
 * the comparison measures what Poto's generated dispatch and runtime add on top.
 */
public final class HandWrittenEchoServer implements AutoCloseable {
  public static final String PATH = "/hand/echo";

  /** The request body, as the generated side receives it: arguments keyed by parameter name. */
  public record EchoRequest(Item item) {}

  private final Javalin javalin;
  private final JWTVerifier verifier;
  private final ObjectMapper mapper = new ObjectMapper();

  public HandWrittenEchoServer(String jwtSecret, String issuer) {
    this.verifier = JWT.require(Algorithm.HMAC256(jwtSecret)).withIssuer(issuer).build();
    this.javalin = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      config.routes.post(PATH, this::echo);
    });
  }

  public HandWrittenEchoServer start() {
    javalin.start();
    return this;
  }

  public int port() {
    return javalin.port();
  }

  private void echo(Context ctx) throws IOException {
    String authorization = ctx.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      ctx.status(401).contentType("application/json").result("{\"error\":\"unauthenticated\"}");
      return;
    }
    DecodedJWT jwt;
    try {
      jwt = verifier.verify(authorization.substring("Bearer ".length()));
    } catch (JWTVerificationException e) {
      ctx.status(401).contentType("application/json").result("{\"error\":\"invalid_token\"}");
      return;
    }
    String userId = jwt.getSubject();
    List<String> roles = jwt.getClaim("roles").asList(String.class);
    if (userId == null || roles == null) {
      ctx.status(401).contentType("application/json").result("{\"error\":\"invalid_token\"}");
      return;
    }
    EchoRequest request;
    try {
      request = mapper.readValue(ctx.bodyAsBytes(), EchoRequest.class);
    } catch (IOException e) {
      ctx.status(400).contentType("application/json").result("{\"error\":\"malformed_json\"}");
      return;
    }
    if (request == null || request.item() == null) {
      ctx.status(400).contentType("application/json").result("{\"error\":\"missing_argument\"}");
      return;
    }
    ctx.contentType("application/json").result(mapper.writeValueAsBytes(request.item()));
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
