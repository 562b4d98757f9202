package dev.poto.runtime.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed development certificate for localhost, made once with the JDK's own {@code keytool}
 * (nothing is downloaded) and kept in a directory so browsers that were told to trust it keep doing so.
 */
final class DevelopmentCertificate {
  private static final Logger log = LoggerFactory.getLogger(DevelopmentCertificate.class);
  static final String FILE = "poto-development.p12";
  /** Not a secret: the key only ever certifies localhost, and the file says what it is. */
  private static final char[] PASSWORD = "poto-development".toCharArray();

  private DevelopmentCertificate() {}

  static TlsConfig.Loaded loadOrCreate(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      create(directory, file);
    }
    return PemKeyStores.pkcs12(file, PASSWORD);
  }

  private static synchronized void create(Path directory, Path file) {
    if (Files.isRegularFile(file)) {
      return;
    }
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      Files.createDirectories(directory);
      Path partial = directory.resolve(FILE + ".partial");
      Files.deleteIfExists(partial);
      Process process = new ProcessBuilder(List.of(
              keytool.toString(), "-genkeypair", "-alias", "poto-development", "-keyalg", "EC", "-groupname", "secp256r1",
              "-dname", "CN=localhost, O=Poto development certificate",
              "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "365",
              "-storetype", "PKCS12", "-keystore", partial.toString(),
              "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool could not make a development certificate: " + output.strip());
      }
      Files.move(partial, file);
      log.warn("Made a self-signed development certificate for localhost in {}; browsers warn about it until"
          + " you trust it. Never use it in production.", file);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot make a development certificate in " + directory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while making a development certificate", e);
    }
  }
}
