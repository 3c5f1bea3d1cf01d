package engine

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestByteLevelPathMatchesGeneral encodes the bench corpus and the golden texts with and without the
// byte-level shortcut and wants the same encodings, offsets included.
func TestByteLevelPathMatchesGeneral(t *testing.T) {
	data, err := os.ReadFile(reference.Path(t, "corpus", "bench_mixed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Split(string(data), "\n")
	if testing.Short() {
		texts = texts[:5000]
	}
	texts = append(texts, "", " ", "<|endoftext|>", "a<|endoftext|>b", "e\u0301 ñ", "\u212b no NFC", "x  \n\n y", "日本語のテキスト。")
	for _, model := range []string{"Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct", "openai-community/gpt2",
		"deepseek-ai/DeepSeek-V3", "Xenova/gpt-4o", "openai/gpt-oss"} {
		t.Run(model, func(t *testing.T) {
			fast, err := Load(reference.TokenizerJSON(t, model))
			if err != nil {
				t.Fatal(err)
			}
			general, err := Load(reference.TokenizerJSON(t, model))
			if err != nil {
				t.Fatal(err)
			}
			general.byteLevel = nil
			if fast.byteLevel == nil {
				t.Skip("the shortcut does not apply to this pipeline")
			}
			all := slices.Clone(texts)
			for _, r := range reference.Golden(t, model) {
				all = append(all, r.Text)
			}
			for _, text := range all {
				for _, special := range []bool{false, true} {
					want, err1 := general.Encode(text, Options{AddSpecialTokens: special})
					got, err2 := fast.Encode(text, Options{AddSpecialTokens: special})
					if err1 != nil || err2 != nil {
						t.Fatalf("%q: errors %v, %v", text, err1, err2)
					}
					if !sameEncoding(got, want) {
						t.Fatalf("%q: shortcut gives %+v, general path %+v", text, got, want)
					}
				}
			}
		})
	}
}

// TestByteLevelPathApplies checks that the shortcut is taken for the pipelines it was made for.
func TestByteLevelPathApplies(t *testing.T) {
	for _, model := range []string{"Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct", "openai-community/gpt2"} {
		tk, err := Load(reference.TokenizerJSON(t, model))
		if err != nil {
			t.Fatal(err)
		}
		if tk.byteLevel == nil {
			t.Errorf("%s: no byte-level shortcut", model)
		}
	}
	tk, err := Load(reference.TokenizerJSON(t, "google-bert/bert-base-uncased"))
	if err != nil {
		t.Fatal(err)
	}
	if tk.byteLevel != nil {
		t.Errorf("bert-base-uncased: byte-level shortcut on a WordPiece pipeline")
	}
}

// sameEncoding compares every field, taking an empty list as equal to none.
func sameEncoding(a, b *Encoding) bool {
	return slices.Equal(a.IDs, b.IDs) && slices.Equal(a.Tokens, b.Tokens) && slices.Equal(a.Offsets, b.Offsets) &&
		slices.Equal(a.TypeIDs, b.TypeIDs) && slices.Equal(a.SpecialTokensMask, b.SpecialTokensMask) &&
		slices.Equal(a.AttentionMask, b.AttentionMask) && slices.Equal(a.SequenceIDs, b.SequenceIDs) &&
		slices.Equal(a.seqRanges, b.seqRanges) && len(a.Overflowing) == 0 && len(b.Overflowing) == 0
}
