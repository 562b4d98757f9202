package dev.poto.runtime.tls;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's HTTPS connector: TLS, then HTTP/2 if the client offers it by ALPN, else HTTP/1.1. For an app
 * that runs Poto as a Javalin plugin:
 *
 * <pre>{@code
 * config.jetty.addConnector((server, http) -> HttpsConnector.create(server, http, tls, host, port));
 * }</pre>
 *
 * {@link dev.poto.runtime.PotoServer} does this itself when {@code PotoConfig.tls(...)} is set.
 */
public final class HttpsConnector {
  private HttpsConnector() {}

  public static ServerConnector create(Server server, HttpConfiguration http, TlsConfig tls, String host, int port) {
    TlsConfig.Loaded keys = tls.load();
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keys.keyStore());
    ssl.setKeyStorePassword(new String(keys.password()));
    HttpConfiguration https = new HttpConfiguration(http);
    https.addCustomizer(new SecureRequestCustomizer());
    HttpConnectionFactory http11 = new HttpConnectionFactory(https);
    ConnectionFactory[] factories;
    if (tls.http2()) {
      ssl.setCipherComparator(HTTP2Cipher.COMPARATOR); // HTTP/2 forbids some ciphers: prefer the allowed ones
      HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
      alpn.setDefaultProtocol(http11.getProtocol());
      factories = new ConnectionFactory[] {new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http11};
    } else {
      factories = new ConnectionFactory[] {new SslConnectionFactory(ssl, http11.getProtocol()), http11};
    }
    ServerConnector connector = new ServerConnector(server, factories);
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
