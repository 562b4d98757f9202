package dev.poto.samples.tasks.api;

import org.jspecify.annotations.Nullable;

/** A file attached to a task, as the server received it: its name, media type, size and SHA-256 (hex). */
public record Attachment(long taskId, @Nullable String fileName, String contentType, long size, String sha256) {}
