// Package httpapi serves the tokenizer over HTTP/1.1 on a unix domain socket, in the shapes of the llm-d
// tokenizer and of vLLM's /tokenize and /detokenize. It is the one place where errors become HTTP statuses.
// It must not import cmd.
package httpapi
