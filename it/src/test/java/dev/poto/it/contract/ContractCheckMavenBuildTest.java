package dev.poto.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * poto-maven-plugin in a real Maven build of a small project that uses the Poto artifacts this build
 * installed (offline, with this build's local repository). Release 1.0's contract is in a jar in the
 * local repository and committed as the baseline; version 2.0 drops a method and fails {@code verify}
 * against the 1.0 jar, then passes once the change is acknowledged next to the committed baseline.
 */
class ContractCheckMavenBuildTest {
  private static final String GROUP = "dev.poto.it.contractcheck";
  private static final String ARTIFACT = "notes-api";

  @TempDir Path project;
  private Path localRepository;
  private String potoVersion;

  private record Build(int exit, String output) {}

  @BeforeEach
  void paths() throws IOException {
    localRepository = Path.of(System.getProperty("poto.local.repository"));
    potoVersion = System.getProperty("poto.version");
    deleteInstalledSample();
    Files.writeString(project.resolve("pom.xml"), pom());
  }

  @AfterEach
  void deleteInstalledSample() throws IOException {
    Path installed = localRepository.resolve(GROUP.replace('.', '/'));
    if (Files.exists(installed)) {
      try (Stream<Path> files = Files.walk(installed)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  @Test
  void aBreakingChangeFailsVerifyUntilItIsAcknowledged() throws Exception {
    // Release 1.0: its contract, written by the processor, in a jar in the local repository and as the
    // committed baseline.
    writeModule(true);
    String released = contractOfSources();
    assertThat(released).contains("\"route\": \"notes\"").contains("\"name\": \"count\"");
    installReleasedJar(released);
    Path baseline = Files.createDirectories(project.resolve("src/poto")).resolve("contract.json");
    Files.writeString(baseline, released);

    // 2.0 drops count(): verify fails against the 1.0 jar, naming the change.
    writeModule(false);
    Build against10 = mvn("verify", "-Dpoto.contract.baselineArtifact=" + GROUP + ":" + ARTIFACT + ":1.0");
    assertThat(against10.exit()).as(against10.output()).isNotZero();
    assertThat(against10.output())
        .contains(ARTIFACT + "-1.0.jar")
        .contains("!! [breaks old clients] method-removed notes.count")
        .contains("[compatible] optional-parameter-added notes.add(tag)")
        .contains("1 breaking contract change(s) not acknowledged: method-removed notes.count.")
        .contains("BUILD FAILURE");

    // Acknowledged next to the committed baseline, it passes; update-baseline then records 2.0.
    Files.writeString(project.resolve("src/poto/contract-acknowledgements.txt"), "# 2.0 retires the counter\nmethod-removed notes.count\n");
    Build acknowledged = mvn("verify", "poto:update-baseline");
    assertThat(acknowledged.exit()).as(acknowledged.output()).isZero();
    assertThat(acknowledged.output()).contains("ok [breaks old clients] method-removed notes.count")
        .contains("Wrote the contract baseline").contains("BUILD SUCCESS");
    assertThat(Files.readString(baseline))
        .isEqualTo(Files.readString(project.resolve("target/classes/META-INF/poto/contract.json")))
        .doesNotContain("\"name\": \"count\"");
  }

  /** Runs the processor over the sample's sources in this JVM (fast) and returns the contract it wrote. */
  private String contractOfSources() throws IOException {
    Path out = Files.createDirectories(project.resolve("release-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        Stream<Path> sources = Files.walk(project.resolve("src/main/java"))) {
      List<String> options = List.of("-proc:only", "-Apoto.ts=false", "-d", out.toString(), "-s", out.toString(),
          "-classpath", System.getProperty("java.class.path"));
      boolean ok = javac.getTask(null, files, null, options, null,
          files.getJavaFileObjectsFromPaths(sources.filter(p -> p.toString().endsWith(".java")).toList())).call();
      assertThat(ok).isTrue();
    }
    return Files.readString(out.resolve("META-INF/poto/contract.json"));
  }

  /** What {@code mvn install} of release 1.0 leaves in the local repository, as far as the check reads it. */
  private void installReleasedJar(String contract) throws IOException {
    Path dir = Files.createDirectories(localRepository.resolve(GROUP.replace('.', '/') + "/" + ARTIFACT + "/1.0"));
    try (OutputStream file = Files.newOutputStream(dir.resolve(ARTIFACT + "-1.0.jar")); ZipOutputStream jar = new ZipOutputStream(file)) {
      jar.putNextEntry(new ZipEntry("META-INF/poto/contract.json"));
      jar.write(contract.getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  private void writeModule(boolean withCount) throws IOException {
    Path dir = Files.createDirectories(project.resolve("src/main/java/com/example/notes"));
    Files.writeString(dir.resolve("NotesModule.java"), """
        package com.example.notes;

        import dev.poto.annotations.Rpc;
        import dev.poto.annotations.RpcModule;
        import java.util.Optional;

        @RpcModule("notes")
        public class NotesModule {
          public record Note(String title, int stars) {}

          @Rpc
          public Note add(String title%s) {
            return new Note(title, 0);
          }
        %s}
        """.formatted(withCount ? "" : ", Optional<String> tag",
            withCount ? "\n  @Rpc\n  public int count() {\n    return 0;\n  }\n" : ""));
  }

  private Build mvn(String... goals) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-o", "-ntp", "-Dstyle.color=never",
        "-Dmaven.repo.local=" + localRepository, "-f", project.resolve("pom.xml").toString()));
    command.addAll(List.of(goals));
    Path log = project.resolve("build-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
    Process process = builder.start();
    try {
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        throw new AssertionError("mvn " + String.join(" ", goals) + " did not finish in 3 minutes:\n" + Files.readString(log));
      }
    } finally {
      process.destroyForcibly();
    }
    return new Build(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * A user's pom as the README shows it (Poto's BOM imported, so Jackson resolves to Poto's version) with
   * plugin versions pinned to those this build uses, so an offline build on a fresh machine finds them all.
   */
  private String pom() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%1$s</groupId>
          <artifactId>%2$s</artifactId>
          <version>2.0</version>
          <properties>
            <maven.compiler.release>25</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <maven.test.skip>true</maven.test.skip>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency><groupId>dev.poto</groupId><artifactId>poto-bom</artifactId><version>%3$s</version><type>pom</type><scope>import</scope></dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency><groupId>dev.poto</groupId><artifactId>poto-runtime</artifactId><version>%3$s</version></dependency>
            <dependency><groupId>dev.poto</groupId><artifactId>poto-processor</artifactId><version>%3$s</version><scope>provided</scope></dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>%4$s</version>
                <configuration><proc>full</proc><compilerArgs><arg>-Apoto.ts=false</arg></compilerArgs></configuration>
              </plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>%5$s</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>%6$s</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>%7$s</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-install-plugin</artifactId><version>%8$s</version></plugin>
              <plugin>
                <groupId>dev.poto</groupId><artifactId>poto-maven-plugin</artifactId><version>%3$s</version>
                <executions><execution><goals><goal>check-contract</goal></goals></execution></executions>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(GROUP, ARTIFACT, potoVersion, System.getProperty("poto.compilerPluginVersion"),
            System.getProperty("poto.resourcesPluginVersion"), System.getProperty("poto.surefireVersion"),
            System.getProperty("poto.jarPluginVersion"), System.getProperty("poto.installPluginVersion"));
  }
}
