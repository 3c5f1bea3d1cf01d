//go:build wasip1

// Command chatguest is the chat guest, the WebAssembly module the host renders a model's chat templates in:
// a thin layer of //go:wasmexport functions over wasm/chathandler, following the contract of wasm/abi, with
// the shared exports of wasm/guestio. It is a module of its own so that the tokenizer guest (wasm/guest),
// which a restart compiles before its first answer, does not carry the template engine. Build both with
// `task wasm`.
package main
