package dev.poto.processor.model;

/**
 * Where a module's contract and its server side live, which decides what is generated for it.
 *
 * <ul>
 *   <li>{@link #CLASS}: a class with {@code @Rpc} methods is both, so it gets everything;
 *   <li>{@link #API}: an {@code @RpcModule} interface in an API artifact is the contract alone, so it gets
 *       the descriptor, the Java client and the TypeScript client, and nothing that needs the server;
 *   <li>{@link #IMPLEMENTATION}: a class implementing such an interface (usually in another artifact, with
 *       the API jar on its class path) gets only the dispatcher and its service registration; the
 *       descriptor it dispatches by is the API's.
 * </ul>
 */
public enum ModuleKind {
  CLASS,
  API,
  IMPLEMENTATION;

  /** Descriptor, Java client, TypeScript client. */
  public boolean writesContract() {
    return this != IMPLEMENTATION;
  }

  /** Dispatcher and its {@code ModuleBinding} entry. */
  public boolean writesDispatcher() {
    return this != API;
  }
}
