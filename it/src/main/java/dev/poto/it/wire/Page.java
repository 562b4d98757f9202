package dev.poto.it.wire;

import java.util.List;

/** A generic record: {@code Page<T>} in TS. */
public record Page<T>(List<T> items, int page, long total) {}
