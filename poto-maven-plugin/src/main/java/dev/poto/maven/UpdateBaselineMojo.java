package dev.poto.maven;

import dev.poto.contract.json.ContractFiles;
import dev.poto.contract.json.ContractJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the contract of the last compilation to the baseline file, for committing with a release:
 * {@code mvn compile poto:update-baseline}.
 */
@Mojo(name = "update-baseline", threadSafe = true)
public class UpdateBaselineMojo extends AbstractMojo {
  @Parameter(property = "poto.contract.current", defaultValue = "${project.build.outputDirectory}", required = true)
  private File current;

  @Parameter(property = "poto.contract.baseline", defaultValue = "${project.basedir}/src/poto/contract.json", required = true)
  private File baseline;

  @Override
  public void execute() throws MojoExecutionException {
    try {
      String text = ContractJson.write(ContractFiles.read(current.toPath()));
      Files.createDirectories(baseline.toPath().toAbsolutePath().getParent());
      Files.writeString(baseline.toPath(), text, StandardCharsets.UTF_8);
      getLog().info("Wrote the contract baseline " + baseline);
    } catch (IOException | IllegalArgumentException e) {
      throw new MojoExecutionException("Could not write the contract baseline: " + e.getMessage(), e);
    }
  }
}
