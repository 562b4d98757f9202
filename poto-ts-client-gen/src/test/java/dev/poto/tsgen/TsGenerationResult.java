package dev.poto.tsgen;

import dev.poto.wire.WireProblem;
import java.util.List;
import java.util.Map;

/** What a test compilation produced: the client files, or the wire model's problems (then no files). */
record TsGenerationResult(Map<String, String> files, List<WireProblem> problems) {
  TsGenerationResult {
    files = Map.copyOf(files);
    problems = List.copyOf(problems);
  }
}
