/**
 * Poto's TypeScript client generator: renders the wire model ({@link dev.poto.wire}) as TypeScript.
 * Entry point: {@link dev.poto.tsgen.TypeScriptClientGenerator}; input: the model's declarations and
 * one {@link dev.poto.tsgen.TsModuleSpec} per module; output: the files. Subpackages: {@code model}
 * (the TS type model), {@code mapping} (wire model to TS, names), {@code emit} (files).
 */
package dev.poto.tsgen;
