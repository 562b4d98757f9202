package dev.poto.it.errors;

import dev.poto.annotations.RpcError;
import dev.poto.protocol.DomainException;

/** A declared error that {@link ErrorsModule#undeclared} throws without declaring it. */
@RpcError(code = "unlisted", status = 400)
public final class Unlisted extends DomainException {
  private final String secret;

  public Unlisted(String secret) {
    super("Unlisted: " + secret);
    this.secret = secret;
  }

  public String secret() {
    return secret;
  }
}
