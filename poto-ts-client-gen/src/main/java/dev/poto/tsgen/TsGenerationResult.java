package dev.poto.tsgen;

import java.util.List;
import java.util.Map;

/**
 * What {@link TypeScriptClientGenerator#generate} produced: the files to write (path relative to the
 * output directory, e.g. {@code todo.ts}, {@code types.d.ts}, {@code poto-runtime.js}) and the
 * problems to report. When there are problems, {@code files} is empty: no half-right client.
 */
public record TsGenerationResult(Map<String, String> files, List<TsProblem> problems) {
  public TsGenerationResult {
    files = Map.copyOf(files);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
