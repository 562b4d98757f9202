package dev.poto.maven;

import dev.poto.contract.Contract;
import dev.poto.contract.compat.Acknowledgements;
import dev.poto.contract.compat.CheckResult;
import dev.poto.contract.compat.Change;
import dev.poto.contract.json.ContractFiles;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Compares the contract the processor wrote ({@code META-INF/poto/contract.json} in the class output)
 * with a baseline and fails the build on a breaking change that is not acknowledged (docs/CONTRACT.md).
 * The baseline is a committed file ({@code baseline}) or the contract inside a released jar
 * ({@code baselineArtifact}, {@code groupId:artifactId:version}, resolved like any dependency).
 */
@Mojo(name = "check-contract", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckContractMojo extends AbstractMojo {
  /** The contract to check: a class output directory, a jar or a contract file. */
  @Parameter(property = "poto.contract.current", defaultValue = "${project.build.outputDirectory}", required = true)
  private File current;

  /** The committed baseline file; ignored when {@code baselineArtifact} is set. */
  @Parameter(property = "poto.contract.baseline", defaultValue = "${project.basedir}/src/poto/contract.json", required = true)
  private File baseline;

  /** A released jar to take the baseline from: {@code groupId:artifactId:version} (or with {@code :classifier}). */
  @Parameter(property = "poto.contract.baselineArtifact")
  private String baselineArtifact;

  /** The acknowledged breaking changes; default: {@code contract-acknowledgements.txt} next to {@code baseline}. */
  @Parameter(property = "poto.contract.acknowledgements")
  private File acknowledgements;

  @Parameter(property = "poto.contract.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
  private RepositorySystemSession repositorySession;

  @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
  private List<RemoteRepository> remoteRepositories;

  @Component
  private RepositorySystem repositorySystem;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Contract check skipped (poto.contract.skip).");
      return;
    }
    File baselineSource = baselineArtifact != null && !baselineArtifact.isBlank() ? resolve(baselineArtifact) : baseline;
    if (!baselineSource.exists()) {
      getLog().warn("No contract baseline at " + baseline + ": nothing to compare with. Run mvn poto:update-baseline"
          + " (or copy " + Contract.CLASS_PATH_LOCATION + " from the class output there) and commit it, or set"
          + " baselineArtifact to the last released jar.");
      return;
    }
    File acknowledged = acknowledgements != null ? acknowledgements : new File(baseline.getParentFile(), Acknowledgements.FILE_NAME);
    CheckResult result;
    try {
      Contract before = ContractFiles.read(baselineSource.toPath());
      Contract after = ContractFiles.read(current.toPath());
      result = CheckResult.check(before, after, Acknowledgements.read(acknowledged.toPath()));
    } catch (IOException | IllegalArgumentException e) {
      throw new MojoExecutionException("Contract check failed: " + e.getMessage(), e);
    }
    getLog().info("Comparing the contract in " + current + " with " + baselineSource
        + (acknowledged.exists() ? " (acknowledgements: " + acknowledged + ")" : ""));
    for (String line : result.report()) {
      if (line.startsWith("!!")) {
        getLog().error(line);
      } else {
        getLog().info(line);
      }
    }
    List<Change> open = result.unacknowledgedBreaking();
    if (!open.isEmpty()) {
      throw new MojoFailureException(open.size() + " breaking contract change(s) not acknowledged: "
          + String.join(", ", open.stream().map(Change::key).toList()) + ". Undo them, or list each line in "
          + acknowledged + " (see docs/CONTRACT.md).");
    }
  }

  private File resolve(String coordinates) throws MojoExecutionException {
    try {
      DefaultArtifact artifact = new DefaultArtifact(coordinates.strip().split(":").length == 3
          ? coordinates.strip().replaceFirst(":([^:]+)$", ":jar:$1") : coordinates.strip());
      return repositorySystem.resolveArtifact(repositorySession, new ArtifactRequest(artifact, remoteRepositories, null))
          .getArtifact().getFile();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("baselineArtifact '" + coordinates + "' is not groupId:artifactId:version"
          + " (or groupId:artifactId:extension:classifier:version).", e);
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException("Could not resolve the baseline " + coordinates + ": " + e.getMessage(), e);
    }
  }
}
