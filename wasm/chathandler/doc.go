// Package chathandler answers the chat guest's requests of the abi: it keeps a model's chat-template files and
// renders prompts with wasm/chat. The chat guest (wasm/chatguest) exposes it through //go:wasmexport
// functions; the host's opt-in in-process mode calls it directly. Rendering lives in a guest of its own so
// that the tokenizer guest, which every restart compiles before its first answer, stays small.
package chathandler
