package dev.poto.samples.tasks.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One task; {@code createdBy} is the id of the user who added it. */
public record Task(long id, String title, @Nullable String note, boolean done, String createdBy, Instant createdAt) {}
