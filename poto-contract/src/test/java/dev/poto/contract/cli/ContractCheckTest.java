package dev.poto.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.Contract;
import dev.poto.contract.Samples;
import dev.poto.contract.json.ContractJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCheckTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ContractCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path write(String name, Contract contract) throws IOException {
    return Files.writeString(dir.resolve(name), ContractJson.write(contract));
  }

  private static Contract withoutMethod(String name) {
    Contract full = Samples.everything();
    var notes = full.module("notes").orElseThrow();
    var kept = notes.methods().stream().filter(m -> !m.name().equals(name)).toList();
    List<dev.poto.contract.ContractModule> modules = full.modules().stream()
        .map(m -> m == notes ? new dev.poto.contract.ContractModule(m.route(), m.javaType(), kept) : m).toList();
    return Contract.of(modules, full.types());
  }

  @Test
  void noBreakingChangeExitsZero() throws IOException {
    Path baseline = write("baseline.json", withoutMethod("raw"));
    Path current = write("current.json", Samples.everything());
    assertThat(run("--baseline", baseline.toString(), "--current", current.toString())).isEqualTo(ContractCheck.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[compatible] method-added notes.raw");
  }

  @Test
  void aBreakingChangeExitsOneUntilTheFileNextToTheBaselineAcknowledgesIt() throws IOException {
    Path baseline = write("baseline.json", Samples.everything());
    Path current = write("current.json", withoutMethod("raw"));
    assertThat(run("--baseline", baseline.toString(), "--current", current.toString())).isEqualTo(ContractCheck.BREAKING);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("!! [breaks old clients] method-removed notes.raw");

    Files.writeString(dir.resolve("contract-acknowledgements.txt"), "method-removed notes.raw  # replaced by download\n");
    out.reset();
    assertThat(run("--baseline", baseline.toString(), "--current", current.toString())).isEqualTo(ContractCheck.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok [breaks old clients] method-removed notes.raw");
  }

  @Test
  void anExplicitAcknowledgementsFileWins() throws IOException {
    Path baseline = write("baseline.json", Samples.everything());
    Path current = write("current.json", withoutMethod("raw"));
    Path acknowledgements = Files.writeString(dir.resolve("other.txt"), "method-removed notes.raw\n");
    assertThat(run("--baseline", baseline.toString(), "--current", current.toString(),
        "--acknowledgements", acknowledgements.toString())).isEqualTo(ContractCheck.PASSED);
  }

  @Test
  void theBaselineMayBeAReleasedJarAndTheCurrentAClassOutputDirectory() throws IOException {
    Path jar = dir.resolve("notes-1.0.jar");
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry(Contract.CLASS_PATH_LOCATION));
      zip.write(ContractJson.write(Samples.everything()).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path classes = Files.createDirectories(dir.resolve("classes/META-INF/poto")).getParent().getParent();
    Files.writeString(classes.resolve(Contract.CLASS_PATH_LOCATION), ContractJson.write(withoutMethod("feed")));
    assertThat(run("--baseline", jar.toString(), "--current", classes.toString())).isEqualTo(ContractCheck.BREAKING);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("method-removed notes.feed");
  }

  @Test
  void badArgumentsAndUnreadableContractsExitTwoWithAReason() throws IOException {
    assertThat(run("--baseline", "x.json")).isEqualTo(ContractCheck.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Both --baseline and --current are needed.", "Exit codes:");
    err.reset();
    assertThat(run("--base", "x.json", "--current", "y.json")).isEqualTo(ContractCheck.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option --base.");
    err.reset();
    Path current = write("current.json", Samples.everything());
    assertThat(run("--baseline", dir.resolve("missing.json").toString(), "--current", current.toString())).isEqualTo(ContractCheck.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Contract check failed: No contract at ").contains("missing.json: no such file");
    err.reset();
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"formatVersion\": 1}");
    assertThat(run("--baseline", broken.toString(), "--current", current.toString())).isEqualTo(ContractCheck.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.json: Not a valid contract at $: missing 'modules'");
    err.reset();
    Path jar = dir.resolve("empty.jar");
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("other.txt"));
      zip.closeEntry();
    }
    assertThat(run("--baseline", jar.toString(), "--current", current.toString())).isEqualTo(ContractCheck.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds no META-INF/poto/contract.json");
  }

  @Test
  void helpPrintsTheUsage() {
    assertThat(run("--help")).isEqualTo(ContractCheck.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ContractCheck --baseline");
  }
}
