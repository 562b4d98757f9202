package dev.poto.it.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who the server saw: the caller's id and roles from the call's context, its request id, and an
 * echo of the caller's tag so a test can pair each answer with the call that asked for it.
 */
public record Caller(@Nullable String userId, List<String> roles, String requestId, @Nullable String tag) {}
