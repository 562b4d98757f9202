package dev.poto.samples.tasks.api;

/** What {@link TasksApi#info()} answers. */
public record ServerInfo(String name, int tasks) {}
