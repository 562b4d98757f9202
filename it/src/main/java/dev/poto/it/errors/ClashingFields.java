package dev.poto.it.errors;

import dev.poto.annotations.RpcError;
import dev.poto.protocol.DomainException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A declared error whose fields are named like the properties of a JavaScript {@code Error}: the
 * TypeScript client renames them ({@code message_}, ...) and keeps {@code message} the error's text.
 */
@RpcError(code = "clashing_fields", status = 409)
public final class ClashingFields extends DomainException {
  private final String message;
  private final int name;
  private final @Nullable String stack;
  private final List<String> cause;

  public ClashingFields(String message, int name, @Nullable String stack, List<String> cause) {
    super("Fields clash: " + message);
    this.message = message;
    this.name = name;
    this.stack = stack;
    this.cause = cause;
  }

  public String message() {
    return message;
  }

  public int name() {
    return name;
  }

  public @Nullable String stack() {
    return stack;
  }

  public List<String> cause() {
    return cause;
  }
}
