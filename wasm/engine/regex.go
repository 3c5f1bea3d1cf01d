package engine

import "github.com/tokenizerd/tokenizerd/wasm/regex"

// compileRegex compiles an Oniguruma pattern of a Split pre-tokenizer or Replace normalizer.
func compileRegex(pattern string) (rangeFinder, error) {
	return regex.Compile(pattern)
}
