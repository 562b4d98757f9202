/**
 * The wire model: the JSON shape of every type a Poto module sends or receives, as Jackson writes and
 * reads it, independent of any client language. {@link dev.poto.wire.WireShapes} builds it from javac's
 * types during validation and is the only rule for what may cross the wire; client generators render it.
 */
package dev.poto.wire;
