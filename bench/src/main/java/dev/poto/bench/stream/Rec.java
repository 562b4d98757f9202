package dev.poto.bench.stream;

/** A small streamed record. */
public record Rec(int seq, String label, long value) {}
