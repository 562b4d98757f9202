package dev.poto.processor.model;

import java.util.List;

/**
 * Who may call a method, after method-level annotations override class-level ones.
 *
 * @param publicAccess callable without a token ({@code @Public})
 * @param roles the caller needs one of these, in declaration order without duplicates; empty means
 *     any authenticated caller (or anyone, when {@code publicAccess})
 */
public record Access(boolean publicAccess, List<String> roles) {
  public Access {
    roles = List.copyOf(roles);
  }
}
