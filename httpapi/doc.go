// Package httpapi serves the tokenizer over HTTP/1.1 on a unix domain socket, in the shapes of the llm-d
// tokenizer (raw-text /tokenize, /chat-template, /health, /config) and of vLLM (/tokenize, /detokenize,
// /v1/chat/completions/render, /v1/models), with probes and Prometheus metrics that an optional TCP listener
// also serves. It is the one place where errors become HTTP statuses. It must not import cmd or cache: what
// it needs of them is an interface here.
package httpapi
