package dev.poto.bench.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an ordinary application to compile: {@code modules} classes with {@code methods} {@code @Rpc}
 * methods each, and {@link #RECORDS_PER_MODULE} records of ordinary fields per module (500 for the
 * default 100 modules). The methods mix what applications write: lookups by id, lists with an optional
 * cursor, saves, deletes, maps, a stream now and then.
 */
final class SyntheticProject {
  static final int RECORDS_PER_MODULE = 5;
  private static final String PACKAGE = "com.example.app";

  private SyntheticProject() {}

  /** Writes the sources under {@code dir} and returns them. */
  static List<Path> write(Path dir, int modules, int methods) throws IOException {
    List<Path> files = new ArrayList<>();
    Path pkg = dir.resolve(PACKAGE.replace('.', '/'));
    Files.createDirectories(pkg);
    for (int m = 0; m < modules; m++) {
      for (int r = 0; r < RECORDS_PER_MODULE; r++) {
        files.add(write(pkg, record(m, r), recordSource(m, r)));
      }
      files.add(write(pkg, "Module" + m, moduleSource(m, methods)));
    }
    return files;
  }

  private static Path write(Path pkg, String name, String source) throws IOException {
    Path file = pkg.resolve(name + ".java");
    Files.writeString(file, source);
    return file;
  }

  private static String record(int module, int index) {
    return "Rec" + module + "_" + index;
  }

  private static String recordSource(int module, int index) {
    String nested = index + 1 < RECORDS_PER_MODULE ? record(module, index + 1) : null;
    return "package " + PACKAGE + ";\n\n"
        + "import java.time.Instant;\nimport java.time.LocalDate;\nimport java.util.List;\n\n"
        + "public record " + record(module, index) + "(\n"
        + "    String id,\n    String title,\n    int count,\n    long version,\n    boolean done,\n"
        + "    double score,\n    LocalDate due,\n    Instant updated,\n    List<String> tags"
        + (nested != null ? ",\n    " + nested + " child" : "")
        + ") {}\n";
  }

  private static String moduleSource(int module, int methods) {
    StringBuilder out = new StringBuilder()
        .append("package ").append(PACKAGE).append(";\n\n")
        .append("import dev.poto.annotations.Rpc;\n")
        .append("import java.util.List;\nimport java.util.Map;\nimport java.util.stream.Stream;\n")
        .append("import org.jspecify.annotations.Nullable;\n\n")
        .append("public class Module").append(module).append(" {\n");
    for (int i = 0; i < methods; i++) {
      String rec = record(module, i % RECORDS_PER_MODULE);
      String signature = switch (i % 6) {
        case 0 -> rec + " get" + i + "(String id)";
        case 1 -> "List<" + rec + "> list" + i + "(int limit, @Nullable String cursor)";
        case 2 -> rec + " save" + i + "(" + rec + " value, long expectedVersion)";
        case 3 -> "void delete" + i + "(String id)";
        case 4 -> "Map<String, " + rec + "> index" + i + "(List<String> ids)";
        default -> "Stream<" + rec + "> watch" + i + "(String id, int max)";
      };
      String body = signature.startsWith("void") ? "{}" : "{ throw new UnsupportedOperationException(); }";
      out.append("  /** Method ").append(i).append(" of module ").append(module).append(". */\n")
          .append("  @Rpc public ").append(signature).append(" ").append(body).append("\n");
    }
    return out.append("}\n").toString();
  }
}
