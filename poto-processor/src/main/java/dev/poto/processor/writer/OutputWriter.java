package dev.poto.processor.writer;

import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import java.io.IOException;

/**
 * Phase 3: one generated output. The processor hands every valid module to every writer in its list in
 * the round it was validated (Java sources must appear then), and once processing is over calls
 * {@link #finish} with the whole compilation's model; outputs aggregated over modules (the services file,
 * the TypeScript client) write there. A new output is a new implementation added to that list.
 */
public interface OutputWriter {

  /** Writes this output for one valid module; aggregated outputs do nothing here. */
  default void write(ModuleModel module) throws IOException {}

  /**
   * Called once after the last round.
   *
   * @param model every module written in this compilation and every type they reach
   * @param earlier modules registered by an earlier compilation into the same output that this one did
   *     not see (an incremental build); empty for a full compilation
   */
  default void finish(CompilationModel model, EarlierModules earlier) throws IOException {}
}
