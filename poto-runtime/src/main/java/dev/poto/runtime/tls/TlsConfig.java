package dev.poto.runtime.tls;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;

/**
 * Where the server's TLS key and certificate chain come from, and whether HTTP/2 is offered:
 *
 * <pre>{@code
 * config.tls(tls -> tls.pem(Path.of("fullchain.pem"), Path.of("privkey.pem")));
 * config.tls(tls -> tls.pkcs12(Path.of("server.p12"), password));
 * config.tls(tls -> tls.developmentCertificate(Path.of("target/dev-tls"))); // self-signed, for localhost
 * }</pre>
 *
 * With TLS the server negotiates HTTP/2 by ALPN and falls back to HTTP/1.1 for clients without it.
 */
public final class TlsConfig {
  private KeyMaterial source;
  private boolean http2 = true;

  /** A PEM certificate chain (the server's certificate first) and its unencrypted PKCS#8 private key. */
  public TlsConfig pem(Path certificateChain, Path privateKey) {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    this.source = () -> PemKeyStores.load(certificateChain, privateKey);
    return this;
  }

  /** A PKCS#12 file holding one private key with its certificate chain. */
  public TlsConfig pkcs12(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    char[] copy = Objects.requireNonNull(password, "password").clone();
    this.source = () -> PemKeyStores.pkcs12(file, copy);
    return this;
  }

  /**
   * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made with the
   * JDK's keytool in {@code directory} the first time and reused afterwards. Browsers warn about it
   * until you trust it; for development only.
   */
  public TlsConfig developmentCertificate(Path directory) {
    Objects.requireNonNull(directory, "directory");
    this.source = () -> DevelopmentCertificate.loadOrCreate(directory);
    return this;
  }

  /** Offers HTTP/2 by ALPN (the default); {@code false} serves HTTP/1.1 over TLS only. */
  public TlsConfig http2(boolean enabled) {
    this.http2 = enabled;
    return this;
  }

  public boolean http2() {
    return http2;
  }

  /**
   * Loads the key and chain.
   *
   * @throws IllegalStateException with what to fix when nothing was configured or the files are unusable
   */
  public Loaded load() {
    if (source == null) {
      throw new IllegalStateException("TLS needs a key and certificate: call pem(...), pkcs12(...) or developmentCertificate(...)");
    }
    return source.load();
  }

  /** A key store with one key entry and the password that opens it. */
  public record Loaded(KeyStore keyStore, char[] password) {}

  @FunctionalInterface
  interface KeyMaterial {
    Loaded load();
  }
}
