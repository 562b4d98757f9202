package dev.poto.runtime.stream;

import java.io.IOException;

/** A write to the caller failed: the connection is gone. Carries the I/O failure as its cause. */
final class ClientGoneException extends RuntimeException {
  ClientGoneException(IOException cause) {
    super("The caller closed the connection", cause);
  }
}
