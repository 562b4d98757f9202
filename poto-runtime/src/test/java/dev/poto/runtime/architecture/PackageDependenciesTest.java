package dev.poto.runtime.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.Poto;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages show its design: the root package is the public facade and uses the internals,
 * never the other way round, and no two packages use each other, directly or through others.
 */
class PackageDependenciesTest {
  private static final String ROOT = "dev.poto.runtime";

  static Path runtimeClasses() throws URISyntaxException {
    return Path.of(Poto.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void theRuntimeHasNoPackageCycles() throws Exception {
    assertThat(PackageGraph.of(runtimeClasses(), ROOT).cycles()).isEmpty();
  }

  @Test
  void noInternalPackageUsesTheFacade() throws Exception {
    assertThat(PackageGraph.of(runtimeClasses(), ROOT).usersOf(ROOT)).isEmpty();
  }

  @Test
  void theScanSeesTheFacadeUsingItsInternals() throws Exception {
    PackageGraph graph = PackageGraph.of(runtimeClasses(), ROOT);
    assertThat(graph.usersOf(ROOT + ".context")).containsKey(ROOT);
    assertThat(graph.usersOf(ROOT + ".guard")).containsKey(ROOT + ".http");
  }

  @Test
  void aCycleThroughAThirdPackageIsFound() {
    PackageGraph graph = new PackageGraph();
    graph.addUse("a/x/One", "a/y/Two", "a");
    graph.addUse("a/y/Two", "a/z/Three", "a");
    graph.addUse("a/z/Three", "a/x/One", "a");
    graph.addUse("a/z/Three", "a/w/Four", "a");
    List<List<String>> cycles = graph.cycles();
    assertThat(cycles).hasSize(1);
    assertThat(cycles.getFirst())
        .containsExactlyInAnyOrder("a.x -> a.y (One -> Two)", "a.y -> a.z (Two -> Three)", "a.z -> a.x (Three -> One)");
  }

  @Test
  void usesOutsideTheRootAndWithinAPackageAreNoEdges() {
    PackageGraph graph = new PackageGraph();
    graph.addUse("a/x/One", "a/x/Other", "a");
    graph.addUse("a/x/One", "java/lang/String", "a");
    graph.addUse("a/x/One", "[La/y/Two;", "a");
    assertThat(graph.cycles()).isEmpty();
    assertThat(graph.usersOf("a.y")).containsEntry("a.x", "One -> Two");
  }
}
