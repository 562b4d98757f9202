package dev.poto.it.stream;

/** A stream item stamped, on the server, with the caller it was produced for. */
public record Tagged(String userId, int index) {}
