package dev.poto.it.stream;

/** A small record for throughput runs. */
public record Small(int id, String name) {}
