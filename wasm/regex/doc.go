// Package regex finds the matches of Hugging Face tokenizers' pre-tokenizer and normalizer patterns with
// exactly the semantics of Oniguruma (the onig crate: UTF-8, default syntax, leftmost-first backtracking)
// and of onig's find_iter. The common tokenizer patterns run on hand-written scanners; any other pattern runs
// on a bounded backtracking engine. Pure Go, no I/O, no globals: it runs inside the wasip1 sandbox.
// It must not import anything from the host side of the module.
package regex
