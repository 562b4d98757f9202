package dev.poto.samples.board;

import dev.poto.annotations.RpcError;
import dev.poto.protocol.DomainException;

/** A note that is empty or too long: clients get its length and the limit as typed fields. */
@RpcError(code = "invalid_note", status = 400)
public final class InvalidNote extends DomainException {
  private final int length;
  private final int maxLength;

  public InvalidNote(int length, int maxLength) {
    super("A note needs 1 to " + maxLength + " characters, got " + length);
    this.length = length;
    this.maxLength = maxLength;
  }

  /** The length of the note after trimming. */
  public int length() {
    return length;
  }

  public int maxLength() {
    return maxLength;
  }
}
