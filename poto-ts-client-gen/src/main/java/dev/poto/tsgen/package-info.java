/**
 * Poto's TypeScript client generator. Entry point: {@link dev.poto.tsgen.TypeScriptClientGenerator};
 * input: {@link dev.poto.tsgen.TsModuleSpec}; output: {@link dev.poto.tsgen.TsGenerationResult}.
 * Subpackages: {@code model} (the TS type model), {@code mapping} (Java to TS), {@code emit} (files).
 */
package dev.poto.tsgen;
