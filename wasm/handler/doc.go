// Package handler answers the tokenizer's requests of the abi: it decodes request frames, runs the tokenizer
// engine, and encodes the results. The tokenizer guest (wasm/guest) exposes it through
// //go:wasmexport functions; the host's opt-in in-process mode calls it directly, so both paths run the same
// code over the same bytes.
package handler
