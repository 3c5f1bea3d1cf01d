package engine_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// FuzzSentencePiece checks that arbitrary text never makes the SentencePiece-style tokenizers fail,
// that offsets stay inside the text in order, and that gemma-3 (byte fallback, no prefix space)
// decodes back to its input.
func FuzzSentencePiece(f *testing.F) {
	for _, s := range []string{"", "Hello world", "  leading", "trailing  ", "a\u0301\u0301", "日本語のテキスト",
		"<s>x</s>", "\t\n\r\n\v", "💩💩", "Tiếng Việt", "\x01\x02abc", "\ufb01\u200d\u00a0", "ड़ी दुख",
		"x\u0301\u0302\u0303\u0304", "(#0)(phrasefix)", "🇫🇷🇩🇪"} {
		f.Add(s)
	}
	models := []string{"google-t5/t5-small", "onnxruntime-extensions-testdata/marian-nmt",
		"mistralai/Mistral-7B-v0.1", "microsoft/Phi-3-mini-4k-instruct", "google/gemma-3"}
	tks := make([]*engine.Tokenizer, len(models))
	for i, model := range models {
		tk, err := engine.Load(reference.TokenizerJSON(f, model))
		if err != nil {
			f.Fatal(err)
		}
		tks[i] = tk
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for i, tk := range tks {
			e, err := tk.Encode(text, engine.Options{AddSpecialTokens: true})
			if err != nil {
				t.Fatalf("%s: %v", models[i], err)
			}
			for _, o := range e.Offsets {
				if o.Start < 0 || o.End > len(text) || o.Start > o.End {
					t.Fatalf("%s: offset %v outside %d bytes", models[i], o, len(text))
				}
			}
			got, err := tk.Decode(e.IDs, true)
			if err != nil {
				t.Fatalf("%s: %v", models[i], err)
			}
			if models[i] == "google/gemma-3" && !strings.ContainsRune(text, '▁') && got != text {
				t.Fatalf("%s: decode(encode(%q)) = %q", models[i], text, got)
			}
		}
	})
}
