//go:build wasip1

// Command guest is the tokenizer guest, the WebAssembly module the host runs a model's tokenizer in: a thin
// layer of //go:wasmexport functions over wasm/handler (and so wasm/engine), following the contract of
// wasm/abi, with the shared exports of wasm/guestio. Chat templates run in the other guest, wasm/chatguest.
// Build both with `task wasm`.
package main
