package dev.poto.runtime.auth;

import java.time.Instant;

/** The answer of the login endpoints: {@code {"token","userId","expiresAt"}}. */
public record IssuedToken(String token, String userId, Instant expiresAt) {}
