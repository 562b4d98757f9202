package dev.poto.it.wire;

/**
 * What the server saw: calls now waiting in {@code waitForCancel}, and cancellations that reached
 * module code. Read by the Node suite to prove an abort in the client cancelled the server side.
 */
public record Counters(int waitingCalls, int cancelledCalls, int cancelledStreams) {}
