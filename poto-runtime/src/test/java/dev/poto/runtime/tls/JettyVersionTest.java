package dev.poto.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Jetty modules Poto adds for HTTPS and HTTP/2 must be exactly the Jetty that Javalin brings:
 * Jetty's modules are released together and mixing versions fails at run time, not at build time.
 */
class JettyVersionTest {

  @Test
  void http2AndAlpnModulesMatchJavalinsJettyServer() throws IOException {
    String server = version("org.eclipse.jetty", "jetty-server");
    assertThat(version("org.eclipse.jetty.http2", "jetty-http2-server")).isEqualTo(server);
    assertThat(version("org.eclipse.jetty", "jetty-alpn-java-server")).isEqualTo(server);
    assertThat(version("org.eclipse.jetty.ee10", "jetty-ee10-servlet")).isEqualTo(server);
  }

  private static String version(String group, String artifact) throws IOException {
    String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = JettyVersionTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("%s on the class path", resource).isNotNull();
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }
}
