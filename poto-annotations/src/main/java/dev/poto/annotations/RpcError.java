package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a domain error: a subclass of {@code dev.poto.protocol.DomainException} that {@code @Rpc}
 * methods list in their {@code throws} clause. The annotation is the one place its wire identity is
 * written: the processor copies it into the contract, the clients and OpenAPI, and the exception reads
 * it at run time.
 *
 * <pre>{@code
 * @RpcError(code = "note_not_found", status = 404)
 * public final class NoteNotFound extends DomainException {
 *   private final long noteId;
 *   public NoteNotFound(long noteId) { super("No note " + noteId); this.noteId = noteId; }
 *   public long noteId() { return noteId; }
 * }
 * }</pre>
 *
 * <p>The parameters of the class's one public constructor are the error's fields; each needs a public
 * accessor of the same name and type, as a record's components have. They travel as extension members
 * of the problem+json answer.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcError {
  /** The stable {@code code} of the problem: lower case letters, digits and '_', starting with a letter. */
  String code();

  /** The HTTP status of the answer, 400 to 599. */
  int status();
}
