package dev.poto.processor.writer;

import dev.poto.processor.model.ModuleModel;
import java.io.IOException;

/**
 * Phase 3: one generated output. The processor hands every valid module to every writer in its list,
 * then calls {@link #finish(EarlierModules)} once when processing is over; a new output (the TypeScript client, for
 * instance) is a new implementation added to that list.
 */
public interface OutputWriter {

  /** Writes this output for one valid module (or records it, for outputs aggregated over modules). */
  void write(ModuleModel module) throws IOException;

  /**
   * Called once after the last round; aggregating outputs write their file here.
   *
   * @param earlier modules registered by an earlier compilation into the same output that this one did
   *     not see (an incremental build); empty for a full compilation
   */
  default void finish(EarlierModules earlier) throws IOException {}
}
