package engine_test

import (
	"testing"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// FuzzByteLevelRoundTrip checks that arbitrary text never panics or hangs the byte-level tokenizers,
// that offsets stay inside the text, and that decode(encode(x)) == x for them.
func FuzzByteLevelRoundTrip(f *testing.F) {
	for _, s := range []string{"", "Hello world", "  leading", "trailing  ", "a\u0301\u0301", "日本語のテキスト",
		"<|endoftext|>x", "\t\n\r\v", "💩💩", "don't I'll", "1234567890", "\u00a0\u3000"} {
		f.Add(s)
	}
	var tks []*engine.Tokenizer
	for _, model := range []string{"openai-community/gpt2", "Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct"} {
		tk, err := engine.Load(reference.TokenizerJSON(f, model))
		if err != nil {
			f.Fatal(err)
		}
		tks = append(tks, tk)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			for _, tk := range tks {
				if _, err := tk.Encode(text, engine.Options{}); err == nil {
					t.Fatal("invalid UTF-8 accepted")
				}
			}
			return
		}
		for i, tk := range tks {
			e, err := tk.Encode(text, engine.Options{})
			if err != nil {
				t.Fatalf("tokenizer %d: %v", i, err)
			}
			for _, o := range e.Offsets {
				if o.Start < 0 || o.End > len(text) || o.Start > o.End {
					t.Fatalf("tokenizer %d: offset %v outside %d bytes", i, o, len(text))
				}
			}
			got, err := tk.Decode(e.IDs, false)
			if err != nil {
				t.Fatalf("tokenizer %d: %v", i, err)
			}
			// Qwen3 normalizes to NFC, so only NFC text comes back unchanged there.
			if i != 1 && got != text {
				t.Fatalf("tokenizer %d: decode(encode(%q)) = %q", i, text, got)
			}
		}
	})
}
