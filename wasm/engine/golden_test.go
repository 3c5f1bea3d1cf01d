package engine_test

import (
	"fmt"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// supported lists the reference tokenizers the engine must load and match exactly; the others are
// checked too once they load, and skipped while they use a component the engine lacks.
var supported = map[string]bool{
	"openai-community/gpt2":                      true,
	"Qwen/Qwen3":                                 true,
	"Qwen/Qwen2.5-Instruct":                      true,
	"meta-llama/Meta-Llama-3-8B-Instruct":        true,
	"deepseek-ai/DeepSeek-V3":                    true,
	"Xenova/gpt-4o":                              true,
	"openai/gpt-oss":                             true,
	"google-bert/bert-base-uncased":              true,
	"sentence-transformers/all-MiniLM-L6-v2":     true,
	"openai/clip-vit-base-patch32":               true,
	"mistralai/Mistral-7B-v0.1":                  true,
	"microsoft/Phi-3-mini-4k-instruct":           true,
	"google/gemma-3":                             true,
	"google-t5/t5-small":                         true,
	"onnxruntime-extensions-testdata/marian-nmt": true,
}

// loadReference loads a reference tokenizer, skipping the test for an unsupported one.
func loadReference(t *testing.T, model string) *engine.Tokenizer {
	t.Helper()
	tk, err := engine.Load(reference.TokenizerJSON(t, model))
	if err != nil {
		if !supported[model] {
			t.Skipf("%s not supported yet: %v", model, err)
		}
		t.Fatalf("Load(%s): %v", model, err)
	}
	return tk
}

func TestGolden(t *testing.T) {
	for _, model := range reference.Tokenizers(t) {
		t.Run(model, func(t *testing.T) {
			tk := loadReference(t, model)
			bad := 0
			for _, r := range reference.Golden(t, model) {
				got, err := tk.Encode(r.Text, engine.Options{AddSpecialTokens: r.AddSpecialTokens})
				if err == nil {
					err = compareRecord(tk, r, got, r.Text, "")
				}
				if err != nil {
					if bad++; bad <= 10 {
						t.Errorf("record %d (add_special_tokens=%v, %q): %v", r.ID, r.AddSpecialTokens, clip(r.Text), err)
					}
				}
			}
			for _, r := range reference.GoldenPairs(t, model) {
				got, err := tk.EncodePair(r.Text, *r.Pair, engine.Options{AddSpecialTokens: r.AddSpecialTokens})
				if err == nil {
					err = compareRecord(tk, r, got, r.Text, *r.Pair)
				}
				if err != nil {
					if bad++; bad <= 10 {
						t.Errorf("pair record %d (add_special_tokens=%v): %v", r.ID, r.AddSpecialTokens, err)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d records differ", bad)
			}
		})
	}
}

// compareRecord checks one encoding against its golden record field by field.
func compareRecord(tk *engine.Tokenizer, r reference.Record, got *engine.Encoding, text, pair string) error {
	if err := firstDiff("ids", r.IDs, got.IDs); err != nil {
		return err
	}
	if err := firstDiff("tokens", r.Tokens, got.Tokens); err != nil {
		return err
	}
	want := make([]engine.Offset, len(r.Offsets))
	for i, o := range r.Offsets {
		want[i] = engine.Offset{Start: o[0], End: o[1]}
	}
	if err := firstDiff("offsets", want, charOffsets(got, text, pair)); err != nil {
		return err
	}
	if err := firstDiff("special_tokens_mask", r.SpecialTokensMask, got.SpecialTokensMask); err != nil {
		return err
	}
	if err := firstDiff("attention_mask", r.AttentionMask, got.AttentionMask); err != nil {
		return err
	}
	if r.TypeIDs != nil {
		if err := firstDiff("type_ids", r.TypeIDs, got.TypeIDs); err != nil {
			return err
		}
	}
	if r.SequenceIDs != nil {
		seq := make([]int, len(r.SequenceIDs))
		for i, s := range r.SequenceIDs {
			seq[i] = -1
			if s != nil {
				seq[i] = *s
			}
		}
		if err := firstDiff("sequence_ids", seq, got.SequenceIDs); err != nil {
			return err
		}
	}
	for _, skip := range []bool{false, true} {
		want := r.Decoded
		if skip {
			want = r.DecodedSkip
		}
		dec, err := tk.Decode(got.IDs, skip)
		if err != nil {
			return fmt.Errorf("decode(skip=%v): %w", skip, err)
		}
		if dec != want {
			return fmt.Errorf("decode(skip=%v) = %q, want %q", skip, clip(dec), clip(want))
		}
	}
	return nil
}

// charOffsets converts the byte offsets of got to code points, each token against its own sequence.
func charOffsets(got *engine.Encoding, text, pair string) []engine.Offset {
	a := engine.CharOffsets(text, got.Offsets)
	if pair == "" {
		return a
	}
	b := engine.CharOffsets(pair, got.Offsets)
	for i, s := range got.SequenceIDs {
		if s == 1 {
			a[i] = b[i]
		}
	}
	return a
}

func firstDiff[T comparable](field string, want, got []T) error {
	for i := 0; i < min(len(want), len(got)); i++ {
		if want[i] != got[i] {
			return fmt.Errorf("%s[%d] = %v, want %v (len %d, want %d)", field, i, got[i], want[i], len(got), len(want))
		}
	}
	if len(want) != len(got) {
		return fmt.Errorf("%s: len %d, want %d", field, len(got), len(want))
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
