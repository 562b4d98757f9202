package dev.poto.it.errors;

import dev.poto.annotations.RpcError;
import dev.poto.protocol.DomainException;

/** A declared error with one field. */
@RpcError(code = "note_not_found", status = 404)
public final class NoteNotFound extends DomainException {
  private final long noteId;

  public NoteNotFound(long noteId) {
    super("No note " + noteId);
    this.noteId = noteId;
  }

  public long noteId() {
    return noteId;
  }
}
