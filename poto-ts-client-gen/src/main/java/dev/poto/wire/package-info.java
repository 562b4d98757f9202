/**
 * Builds Poto's one type model ({@code dev.poto.contract.TypeRef}, {@code TypeDecl}, {@code ScalarKind})
 * from javac's types: the JSON shape of every type a Poto module sends or receives, as Jackson writes and
 * reads it. {@link dev.poto.wire.WireShapes} runs during validation and is the only rule for what may
 * cross the wire; the contract file takes its shapes as they are and client generators render them.
 */
package dev.poto.wire;
