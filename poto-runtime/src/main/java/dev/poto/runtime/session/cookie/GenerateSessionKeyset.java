package dev.poto.runtime.session.cookie;

import java.nio.file.Path;

/**
 * Prints a Tink JSON keyset for {@link EncryptedCookieSessionProvider} on standard output.
 *
 * <pre>
 * java -cp ... dev.poto.runtime.session.cookie.GenerateSessionKeyset                    # a new keyset
 * java -cp ... dev.poto.runtime.session.cookie.GenerateSessionKeyset --rotate keys.json # keys.json + a new primary key
 * </pre>
 *
 * The output is secret: redirect it to a file readable only by the server, or into a secret store.
 */
public final class GenerateSessionKeyset {
  private GenerateSessionKeyset() {}

  public static void main(String[] args) {
    CookieSessionKeys keys;
    if (args.length == 0) {
      keys = CookieSessionKeys.generate();
    } else if (args.length == 2 && args[0].equals("--rotate")) {
      keys = CookieSessionKeys.fromFile(Path.of(args[1])).withNewPrimaryKey();
    } else {
      System.err.println("usage: GenerateSessionKeyset [--rotate EXISTING_KEYSET.json]");
      System.exit(2);
      return;
    }
    System.out.println(keys.toCleartextJson());
    System.err.println(
        "Session keyset printed (primary key " + Integer.toUnsignedString(keys.primaryKeyId()) + ", "
            + keys.size() + " key(s)). It is secret: keep it out of source control and logs.");
  }
}
