// Package jinja is a bounded Jinja2 interpreter with Python value semantics, configured as transformers
// configures it for chat templates (trim_blocks, lstrip_blocks, loop controls, the immutable sandbox).
//
// It is pure Go with no I/O and no global mutable state so it runs inside the wasip1 sandbox. Every render is
// bounded by Limits: a step budget, an output/string-size budget and a nesting depth, each reported as a
// *LimitError. It must not import the chat package: chat builds on it.
package jinja
