package dev.poto.runtime.testmodule;

public record Item(String name, int quantity) {}
