package dev.poto.it.tls;

import dev.poto.runtime.tls.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The development certificate the runtime makes with keytool (in target/, made once per build
 * directory), and what tests need around it: an SSLContext that trusts it, and PEM copies of it.
 */
public final class TestCertificates {
  public static final Path DIRECTORY = Path.of("target", "test-tls").toAbsolutePath();

  private TestCertificates() {}

  /** The loaded development key store (made on first use). */
  public static TlsConfig.Loaded development() {
    return new TlsConfig().developmentCertificate(DIRECTORY).load();
  }

  /** A TLS context that trusts exactly the development certificate. */
  public static SSLContext trustingDevelopmentCertificate() throws GeneralSecurityException {
    KeyStore keys = development().keyStore();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try {
      trust.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String alias = keys.aliases().nextElement();
    trust.setCertificateEntry("poto-development", keys.getCertificate(alias));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** Writes the development certificate as {@code chain.pem} and its key as PKCS#8 {@code key.pem}. */
  public static Path[] asPem(Path directory) throws Exception {
    TlsConfig.Loaded loaded = development();
    KeyStore keys = loaded.keyStore();
    String alias = keys.aliases().nextElement();
    PrivateKey key = (PrivateKey) keys.getKey(alias, loaded.password());
    StringBuilder chain = new StringBuilder();
    for (Certificate certificate : keys.getCertificateChain(alias)) {
      chain.append(pem("CERTIFICATE", certificate.getEncoded()));
    }
    Files.createDirectories(directory);
    Path chainFile = Files.writeString(directory.resolve("chain.pem"), chain);
    Path keyFile = Files.writeString(directory.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new Path[] {chainFile, keyFile};
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
