package dev.poto.runtime.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns PEM files or a PKCS#12 file into the in-memory key store Jetty's TLS wants. */
final class PemKeyStores {
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final SecureRandom RANDOM = new SecureRandom();

  private PemKeyStores() {}

  static TlsConfig.Loaded load(Path chainFile, Path keyFile) {
    try {
      List<Certificate> chain;
      try (InputStream in = Files.newInputStream(chainFile)) {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        chain = List.copyOf(read);
      }
      if (chain.isEmpty()) {
        throw new IllegalStateException("No certificate in " + chainFile + ": expected PEM 'BEGIN CERTIFICATE' blocks");
      }
      PrivateKey key = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
      char[] password = randomPassword();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("poto", key, password, chain.toArray(Certificate[]::new));
      return new TlsConfig.Loaded(store, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the TLS certificate " + chainFile + " and key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  static TlsConfig.Loaded pkcs12(Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return new TlsConfig.Loaded(store, password.clone());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot open the PKCS#12 key store " + file + " (wrong password?): " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
    Matcher block = PEM_BLOCK.matcher(pem);
    while (block.find()) {
      String type = block.group(1);
      switch (type) {
        case "PRIVATE KEY" -> {
          byte[] der = Base64.getMimeDecoder().decode(block.group(2));
          PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
          for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
              // try the next algorithm
            }
          }
          throw new IllegalStateException("The private key in " + file + " is neither RSA, EC nor Ed25519");
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalStateException(
                "The key in " + file + " is '" + type + "'; Poto reads unencrypted PKCS#8 keys ('BEGIN PRIVATE KEY'):"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
        default -> {
          // another block (e.g. EC PARAMETERS): look further
        }
      }
    }
    throw new IllegalStateException("No 'BEGIN PRIVATE KEY' block in " + file);
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
