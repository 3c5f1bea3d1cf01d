// Package jsonscan is a strict, allocation-free pull scanner for JSON (RFC 8259) used to load large
// tokenizer files inside the sandbox, where encoding/json is an order of magnitude too slow. It validates
// as it goes: UTF-8, escapes (surrogate pairs included, lone surrogates rejected), the number grammar,
// and a nesting limit. It never recurses without bound and never panics on malformed input.
//
// The caller walks the document in order: Members and Elements iterate containers, String, Uint, Number,
// Bool and Null read scalars, Skip validates and returns the raw bytes of any value. The first error
// sticks: every later call is a no-op, and Err reports it.
//
// It is pure Go with no dependencies outside the standard library and no globals besides constant tables.
package jsonscan
