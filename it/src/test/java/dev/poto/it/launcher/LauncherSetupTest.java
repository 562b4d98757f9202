package dev.poto.it.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./poto setup --dry-run} (the check {@code ./poto test} runs first) on a PATH that holds only
 * what the launcher itself needs plus fakes: it must name exactly the missing Debian packages, install
 * them as root and print the command otherwise, and refuse a Node older than 20. The machine's real
 * tools are never touched.
 */
class LauncherSetupTest {
  private static final Path LAUNCHER = Path.of("..", "poto").toAbsolutePath().normalize();
  /** The one test tool found outside PATH: the launcher (like the tests) looks for nginx in /usr/sbin. */
  private static final boolean NGINX_IN_SBIN = Files.isExecutable(Path.of("/usr/sbin/nginx"));

  @TempDir Path bin;

  private record Result(int exit, String output) {}

  private void link(String... tools) throws IOException {
    for (String tool : tools) {
      for (String dir : List.of("/usr/bin", "/bin")) {
        Path real = Path.of(dir, tool);
        if (Files.isExecutable(real)) {
          Files.createSymbolicLink(bin.resolve(tool), real);
          break;
        }
      }
    }
  }

  private void fake(String tool, String output) throws IOException {
    Path script = bin.resolve(tool);
    Files.writeString(script, "#!/bin/sh\necho '" + output + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Result run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(bin.resolve("bash").toString(), LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher finished");
    return new Result(process.exitValue(), output);
  }

  private void baseTools() throws IOException {
    link("bash", "dirname", "sed");
  }

  @Test
  void asRootItInstallsTheMissingPackagesAfterAnUpdate() throws Exception {
    baseTools();
    fake("id", "0");
    fake("node", "v20.11.1");
    fake("npm", "10.2.4");
    fake("mvn", "Apache Maven 3.8.7");
    Result result = run("setup", "--dry-run");
    String packages = "redis-server" + (NGINX_IN_SBIN ? "" : " nginx-light") + " chromium";
    assertTrue(result.output().contains("would run: apt-get update -qq"), result.output());
    assertTrue(result.output().contains(
        "would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + packages + "\n"), result.output());
    assertTrue(result.output().indexOf("apt-get update") < result.output().indexOf("apt-get install"), result.output());
    assertEquals(0, result.exit(), result.output());
  }

  @Test
  void asAnotherUserItPrintsTheExactCommand() throws Exception {
    baseTools();
    fake("id", "1000");
    fake("node", "v20.11.1");
    fake("npm", "10.2.4");
    Result result = run("setup", "--dry-run");
    String packages = "redis-server" + (NGINX_IN_SBIN ? "" : " nginx-light") + " chromium maven";
    assertTrue(result.output().contains("sudo apt-get update && sudo apt-get install -y " + packages + "\n"), result.output());
    assertFalse(result.output().contains("would run"), result.output());
    assertEquals(1, result.exit(), result.output());
  }

  @Test
  void aNodeOlderThan20IsRefusedWithWhatToInstall() throws Exception {
    baseTools();
    fake("id", "0");
    for (String tool : List.of("redis-server", "chromium", "nginx", "mvn", "npm")) {
      fake(tool, "present");
    }
    fake("node", "v18.19.0");
    Result result = run("setup", "--dry-run");
    assertTrue(result.output().contains("Node.js 20 or newer is needed; found v18.19.0"), result.output());
    assertFalse(result.output().contains("apt-get"), "nothing to install from Debian: " + result.output());
    assertEquals(1, result.exit(), result.output());

    fake("node", "v20.11.1");
    Result ok = run("setup", "--dry-run");
    assertTrue(ok.output().contains("everything the tests need is here"), ok.output());
    assertEquals(0, ok.exit(), ok.output());
  }

  @Test
  void npmIsNeededToo() throws Exception {
    baseTools();
    fake("id", "0");
    for (String tool : List.of("redis-server", "chromium", "nginx", "mvn")) {
      fake(tool, "present");
    }
    fake("node", "v22.1.0");
    Result result = run("setup", "--dry-run");
    assertTrue(result.output().contains("npm is needed"), result.output());
    assertEquals(1, result.exit(), result.output());
  }

  @Test
  void theSampleSaysItNeedsNodeBeforeBuilding() throws Exception {
    baseTools();
    Result result = run("sample");
    assertTrue(result.output().contains("Node.js 20 or newer with npm is needed"), result.output());
    assertEquals(1, result.exit(), result.output());
  }
}
