package dev.poto.session.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server for the tests of a class: started before the first, stopped after the last.
 * Register it with {@code @RegisterExtension static final RedisPerClass redis = new RedisPerClass();}.
 */
final class RedisPerClass implements BeforeAllCallback, AfterAllCallback {
  private RedisServerProcess server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServerProcess.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  /** The server's {@code redis://} URI. */
  String uri() {
    return server.uri();
  }
}
