package dev.poto.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.client.PotoClient;
import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.support.TestServers;
import java.time.Duration;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The connector settings a started server has, each from its one default in {@link PotoConfig}. */
class ConnectorDefaultsTest {
  /** The JDK HttpClient's keep-alive for idle HTTP/1.1 connections, unless its system property says otherwise. */
  private static final Duration JDK_CLIENT_KEEP_ALIVE =
      Duration.ofSeconds(Long.getLong("jdk.httpclient.keepalive.timeout", 30));
  /** nginx's upstream {@code keepalive_timeout} unless set. */
  private static final Duration NGINX_UPSTREAM_KEEP_ALIVE = Duration.ofSeconds(60);

  @Test
  void theServerKeepsIdleConnectionsLongerThanItsClientsDo() {
    try (PotoServer server = TestServers.start()) {
      ServerConnector connector = (ServerConnector) server.javalin().jettyServer().server().getConnectors()[0];
      assertThat(Duration.ofMillis(connector.getIdleTimeout())).isEqualTo(PotoConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT);
      assertThat(connector.getAcceptQueueSize()).isEqualTo(PotoConfig.DEFAULT_ACCEPT_QUEUE_SIZE);
    }
    // Equal would race: the server closing a connection as its client sends a call on it.
    assertThat(PotoConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT).isGreaterThan(JDK_CLIENT_KEEP_ALIVE)
        .isGreaterThan(NGINX_UPSTREAM_KEEP_ALIVE)
        .isGreaterThan(PotoClient.DEFAULT_IDLE_CONNECTION_TIMEOUT); // the generated client's own connections
  }
}
