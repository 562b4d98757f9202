package dev.poto.samples.board;

import java.util.List;

/** The caller as the server sees it. */
public record Whoami(String userId, List<String> roles, String requestId) {}
