package dev.poto.it.errors;

import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Declared domain errors end to end: each method raises what its arguments ask for. */
@RpcModule("errors")
@Public
public class ErrorsModule {
  /** The one note there is. */
  public static final long KNOWN_NOTE = 1;

  @Rpc
  public String note(long id) throws NoteNotFound {
    if (id != KNOWN_NOTE) {
      throw new NoteNotFound(id);
    }
    return "note " + id;
  }

  /** Throws {@link QuotaExceeded} with exactly these fields; {@code owners} null makes it unsendable. */
  @Rpc
  public void spend(int limit, BigDecimal used, OffsetDateTime resetsAt, @Nullable List<String> owners,
      @Nullable String plan) throws QuotaExceeded, NoteNotFound {
    throw new QuotaExceeded(limit, used, resetsAt, owners, plan);
  }

  /** Throws {@link ClashingFields} with exactly these fields. */
  @Rpc
  public void clash(String message, int name, @Nullable String stack, List<String> cause) throws ClashingFields {
    throw new ClashingFields(message, name, stack, cause);
  }

  /** Throws a declared error class that this method does not declare: a 500. */
  @Rpc
  public String undeclared(String secret) {
    throw new Unlisted(secret);
  }

  /** A stream that fails before it starts with a declared error. */
  @Rpc
  public Stream<String> lines(long noteId) throws NoteNotFound {
    note(noteId);
    return Arrays.stream(new String[] {"a", "b"});
  }

  /** A stream whose producer raises a declared error after an item: a 500 in the stream. */
  @Rpc
  public Stream<String> brokenLines(long noteId) throws NoteNotFound {
    return Stream.of("a", "b").map(line -> {
      if (line.equals("b")) {
        throw new NoteNotFound(noteId);
      }
      return line;
    });
  }
}
