//go:build wasip1

// Command guest is the WebAssembly module the host runs in its sandbox: a thin layer of //go:wasmexport
// functions over wasm/engine, following the contract of wasm/abi. Build it with `task wasm`.
package main
