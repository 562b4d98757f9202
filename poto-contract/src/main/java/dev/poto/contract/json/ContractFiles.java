package dev.poto.contract.json;

import dev.poto.contract.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads a contract from a contract file or from the jar a build made (its {@value Contract#CLASS_PATH_LOCATION}). */
public final class ContractFiles {
  private ContractFiles() {}

  /**
   * @param path a {@code .json} contract file, a jar (any zip) holding one, or a class output directory
   * @throws IOException when it cannot be read or holds no contract
   * @throws JsonFormatException when the contract is not valid
   */
  public static Contract read(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      Path inside = path.resolve(Contract.CLASS_PATH_LOCATION);
      if (!Files.isRegularFile(inside)) {
        throw new IOException(path + " holds no " + Contract.CLASS_PATH_LOCATION
            + " (were its classes compiled with poto-processor, and did they contain an @Rpc method?)");
      }
      return read(inside);
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException("No contract at " + path + ": no such file");
    }
    if (isZip(path)) {
      try (ZipFile zip = new ZipFile(path.toFile())) {
        ZipEntry entry = zip.getEntry(Contract.CLASS_PATH_LOCATION);
        if (entry == null) {
          throw new IOException(path + " holds no " + Contract.CLASS_PATH_LOCATION
              + " (was it built with poto-processor, and does it contain an @Rpc method?)");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path + "!/" + Contract.CLASS_PATH_LOCATION);
        }
      }
    }
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  private static Contract parse(String text, String source) {
    try {
      return ContractJson.read(text);
    } catch (JsonFormatException e) {
      throw new JsonFormatException(source + ": " + e.getMessage());
    }
  }

  private static boolean isZip(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
  }
}
