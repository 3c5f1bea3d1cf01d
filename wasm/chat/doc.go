// Package chat renders chat templates the way transformers' apply_chat_template does: template selection from
// a model's files, the context (messages, tools, documents, special tokens, extra kwargs), the globals
// raise_exception and strftime_now, and continue_final_message. The Jinja engine is the bounded interpreter in
// ./jinja (why not an existing Go engine: ENGINE.md).
//
// Pure Go, no I/O, no global mutable state: it runs inside the wasip1 guest. It must not import runtime,
// httpapi or cache; those build on it.
package chat
