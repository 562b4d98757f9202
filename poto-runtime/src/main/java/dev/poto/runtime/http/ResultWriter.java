package dev.poto.runtime.http;

/**
 * Writes a method's result as the call's HTTP answer; one per {@link dev.poto.protocol.ResultKind}
 * (see {@link ResultWriters}). Runs inside the call's bound context, so {@code Poto.context()} works
 * in a lazily produced stream, and before the answer starts it must call {@link CallExchange#begin}.
 *
 * <p>If it throws before {@code begin}, the runtime answers with a problem; after {@code begin} the
 * writer owns failure reporting (e.g. an {@code event: error} frame), and whatever it throws is logged.
 */
@FunctionalInterface
public interface ResultWriter {
  void write(CallExchange exchange, Object result) throws Exception;
}
