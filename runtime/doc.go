// Package runtime is the wazero host: it compiles the embedded guest once per process, checks its ABI, and
// runs one bounded sandbox per model. It moves bytes and enforces limits; it never parses a tokenizer file
// itself. It must not import httpapi or cmd.
//
// The name shadows the standard library's runtime package; import that one as goruntime where both are needed.
package runtime
