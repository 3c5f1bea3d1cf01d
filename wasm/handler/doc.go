// Package handler answers the requests of the abi: it decodes request frames, runs the tokenizer engine and
// the chat-template renderer, and encodes the results. The sandbox's guest (wasm/guest) exposes it through
// //go:wasmexport functions; the host's opt-in in-process mode calls it directly, so both paths run the same
// code over the same bytes.
package handler
