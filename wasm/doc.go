// Package wasm holds the sandboxed guest: the compiled module (guest.wasm.zst, built from wasm/guest) embedded
// for the host, and below it the pure-Go code that runs inside the sandbox. Nothing here may import the host
// packages (runtime, httpapi, cache, cmd).
package wasm
