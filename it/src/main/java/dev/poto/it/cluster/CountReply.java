package dev.poto.it.cluster;

/** What an atomic session update left: the node that made it and the count (or list size) after it. */
public record CountReply(String node, int count) {}
