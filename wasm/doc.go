// Package wasm holds the sandboxed guests: the compiled modules (guest.wasm built from wasm/guest, the
// tokenizer guest, and chatguest.wasm.zst built from wasm/chatguest, the chat guest) embedded for the host, and
// below it the pure-Go code that runs inside the sandbox. Nothing here may import the host packages (runtime,
// httpapi, cache, cmd).
package wasm
