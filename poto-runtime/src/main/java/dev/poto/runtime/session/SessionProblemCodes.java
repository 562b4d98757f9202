package dev.poto.runtime.session;

/** Problem codes the session layer answers with, beyond those in {@link dev.poto.protocol.ProblemCodes}. */
public final class SessionProblemCodes {
  private SessionProblemCodes() {}

  /** 413: the session no longer fits in one browser cookie (cookie provider). */
  public static final String SESSION_TOO_LARGE = "session_too_large";
}
