package dev.poto.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * Puts a compilation's class files and resources (the services file included) into a directory and
 * loads them, so tests can run generated code the way an application would.
 */
final class CompiledClasses {
  private CompiledClasses() {}

  private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

  static URLClassLoader load(Compilation compilation, Path directory) {
    for (JavaFileObject file : compilation.generatedFiles()) {
      String uri = file.toUri().toString();
      int start = uri.indexOf(CLASS_OUTPUT);
      if (start < 0) {
        continue; // generated sources; their class files are in CLASS_OUTPUT too
      }
      Path target = directory.resolve(uri.substring(start + CLASS_OUTPUT.length()));
      try (InputStream in = file.openInputStream()) {
        Files.createDirectories(target.getParent());
        Files.copy(in, target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return new URLClassLoader(
          new URL[] {directory.toUri().toURL()}, CompiledClasses.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
