// Package engine is the tokenizer engine: it loads a Hugging Face tokenizer.json and encodes and decodes
// exactly as the Hugging Face tokenizers library does. It is pure Go with no I/O, no globals and no logging,
// so that it builds natively (tests, fuzzing, benchmarks, in-process mode) and for GOOS=wasip1 (the sandbox).
package engine
