package dev.poto.it.bom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A user's project shaped as the README shows it (the BOM imported, poto-runtime and poto-client without
 * versions) is resolved by a real Maven: every path to a Jackson artifact converges on one version, and it
 * is the version Poto is built with (jackson-annotations its {@code major.minor}, as Jackson publishes it).
 * Without the BOM's Jackson pin, java-jwt brings jackson-core 2.22 next to Poto's jackson-databind 2.21,
 * which the convergence rule reports.
 */
class BomUserProjectTest {
  private static final Path WORK = Path.of("target/bom-user");

  @Test
  void aProjectImportingTheBomResolvesOneJacksonVersion() throws Exception {
    String jackson = property("poto.jackson.version");
    String annotations = jackson.substring(0, jackson.indexOf('.', jackson.indexOf('.') + 1));
    Files.createDirectories(WORK);
    Files.writeString(WORK.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId><artifactId>user-app</artifactId><version>1.0</version>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>dev.poto</groupId><artifactId>poto-bom</artifactId><version>%s</version>
                <type>pom</type><scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency><groupId>dev.poto</groupId><artifactId>poto-runtime</artifactId></dependency>
            <dependency><groupId>dev.poto</groupId><artifactId>poto-client</artifactId></dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-enforcer-plugin</artifactId>
                <version>%s</version>
                <executions>
                  <execution>
                    <id>one-jackson</id><phase>validate</phase><goals><goal>enforce</goal></goals>
                    <configuration>
                      <rules>
                        <dependencyConvergence>
                          <includes><include>com.fasterxml.jackson.*</include></includes>
                        </dependencyConvergence>
                        <bannedDependencies>
                          <excludes><exclude>com.fasterxml.jackson.*:*</exclude></excludes>
                          <includes>
                            <include>com.fasterxml.jackson.*:*:%s</include>
                            <include>com.fasterxml.jackson.core:jackson-annotations:%s</include>
                          </includes>
                        </bannedDependencies>
                      </rules>
                    </configuration>
                  </execution>
                </executions>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(property("poto.version"), property("poto.enforcer.version"), jackson, annotations));

    List<String> command = new ArrayList<>(List.of(
        Path.of(property("maven.home"), "bin", "mvn").toString(), "-B", "-ntp",
        "-Dmaven.repo.local=" + property("poto.local.repository"), "validate"));
    Process maven = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
    String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("Maven finished").isTrue();
    assertThat(output).as("Maven's output").contains("one-jackson").contains("BUILD SUCCESS");
    assertThat(maven.exitValue()).isZero();
  }

  @Test
  void theBomPinsEveryPublishedArtifact() throws IOException {
    String root = Files.readString(Path.of("..", "pom.xml"));
    String bom = Files.readString(Path.of("..", "poto-bom", "pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(root);
    List<String> published = new ArrayList<>();
    while (module.find()) {
      String name = module.group(1);
      // Tests, benchmarks and samples are not published; the BOM is the BOM; plugins are not dependencies.
      if (name.startsWith("poto-") && !name.equals("poto-bom")
          && !Files.readString(Path.of("..", name, "pom.xml")).contains("<packaging>maven-plugin</packaging>")) {
        published.add(name);
      }
    }
    assertThat(published).contains("poto-runtime", "poto-client", "poto-processor");
    assertThat(published).allSatisfy(name -> assertThat(bom).as("poto-bom pins %s", name)
        .contains("<artifactId>" + name + "</artifactId><version>${project.version}</version>"));
  }

  private static String property(String name) throws IOException {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set in it/pom.xml)", name).isNotBlank();
    return value;
  }
}
