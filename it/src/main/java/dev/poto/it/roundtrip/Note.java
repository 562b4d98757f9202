package dev.poto.it.roundtrip;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A small record with required, nullable and optional components, for the strictness tests. */
public record Note(
    String title, List<String> tags, Map<String, Integer> limits, int stars,
    @Nullable String comment, Optional<String> mood) {}
