package dev.poto.processor.writer;

import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import java.io.IOException;

/**
 * Phase 3: one generated output, written from the compilation's one model and nothing else about the
 * wire. The processor hands every module to every writer in its list in the round it became valid (Java
 * sources must appear then), together with the {@link CompilationModel} as far as it goes, and once
 * processing is over calls {@link #finish} with the whole compilation's model; outputs aggregated over
 * modules (the services file, the TypeScript client, the contract) write there. A new output is a new
 * implementation added to that list.
 */
public interface OutputWriter {

  /**
   * Writes this output for {@code module}, in the round it became valid; aggregated outputs do nothing
   * here.
   *
   * @param model the compilation's model so far: every module written in earlier rounds and this one's
   *     (including {@code module}), and every type their shapes reach
   */
  default void write(CompilationModel model, ModuleModel module) throws IOException {}

  /**
   * Called once after the last round.
   *
   * @param model every module written in this compilation and every type they reach
   * @param earlier modules registered by an earlier compilation into the same output that this one did
   *     not see (an incremental build); empty for a full compilation
   */
  default void finish(CompilationModel model, EarlierModules earlier) throws IOException {}
}
