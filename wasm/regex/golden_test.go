package regex

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestPiecesAgreeWithGoldenTokens checks the scanners against the real tokenizers output: byte-level BPE
// encodes each pre-token piece on its own, so no golden token may straddle a piece boundary, and where
// offsets are not trimmed (trimOffsets false) every piece boundary must also be a token boundary. Texts that
// contain an added token are skipped: tokenizers splits those off before the pattern runs.
func TestPiecesAgreeWithGoldenTokens(t *testing.T) {
	models := []struct {
		model, pattern string
		trimOffsets    bool
		// nfc: the model normalizes to NFC before pre-tokenizing; texts with combining marks are skipped
		// because their pieces are computed on the composed text.
		nfc bool
	}{
		{"openai-community/gpt2", patternGPT2, true, false},
		{"meta-llama/Meta-Llama-3-8B-Instruct", patternLlama3, true, false},
		{"Qwen/Qwen3", patternQwen2, false, true},
		{"Qwen/Qwen2.5-Instruct", patternQwen2, false, true},
		{"Xenova/gpt-4o", patternO200K, true, false},
		{"openai/gpt-oss", patternO200K, true, false},
	}
	for _, m := range models {
		t.Run(m.model, func(t *testing.T) {
			added := addedTokenContents(t, m.model)
			re := MustCompile(m.pattern)
			checked := 0
			for _, rec := range reference.Golden(t, m.model) {
				if rec.AddSpecialTokens || containsAny(rec.Text, added) || m.nfc && strings.IndexFunc(rec.Text, isMark) >= 0 {
					continue
				}
				checked++
				ms, err := re.FindAllIndex(rec.Text, nil)
				if err != nil {
					t.Fatal(err)
				}
				tokenEdge := make(map[int]bool)
				for _, o := range rec.ByteOffsets {
					tokenEdge[o[0]], tokenEdge[o[1]] = true, true
				}
				for _, p := range ms {
					for _, o := range rec.ByteOffsets {
						if o[0] < p[0] && p[0] < o[1] {
							t.Fatalf("record %d: token %v straddles piece start %d in %q", rec.ID, o, p[0], rec.Text)
						}
					}
					if !m.trimOffsets && !tokenEdge[p[0]] {
						t.Fatalf("record %d: piece start %d is no token boundary in %q", rec.ID, p[0], rec.Text)
					}
				}
			}
			if checked < 500 {
				t.Fatalf("only %d records checked", checked)
			}
		})
	}
}

func addedTokenContents(t *testing.T, model string) []string {
	t.Helper()
	var doc struct {
		AddedTokens []struct {
			Content string `json:"content"`
		} `json:"added_tokens"`
	}
	if err := json.Unmarshal(reference.TokenizerJSON(t, model), &doc); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(doc.AddedTokens))
	for i, a := range doc.AddedTokens {
		out[i] = a.Content
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestEveryReferencePatternHasAScanner reads every Regex of every reference tokenizer.json (pre-tokenizers
// and normalizers) and checks it is recognized byte for byte, so a scanner constant cannot drift from the
// files.
func TestEveryReferencePatternHasAScanner(t *testing.T) {
	seen := 0
	for _, model := range reference.Tokenizers(t) {
		var doc struct {
			Normalizer   any `json:"normalizer"`
			PreTokenizer any `json:"pre_tokenizer"`
		}
		if err := json.Unmarshal(reference.TokenizerJSON(t, model), &doc); err != nil {
			t.Fatal(err)
		}
		for _, pattern := range collectRegexes(nil, doc.Normalizer, doc.PreTokenizer) {
			seen++
			if knownScanner(pattern) == nil {
				t.Errorf("%s: no scanner for %q", model, pattern)
			}
			if _, err := compile(pattern); err != nil {
				t.Errorf("%s: engine cannot compile %q: %v", model, pattern, err)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d patterns", seen)
	}
}

func collectRegexes(out []string, values ...any) []string {
	for _, v := range values {
		switch v := v.(type) {
		case map[string]any:
			if re, ok := v["Regex"].(string); ok {
				out = append(out, re)
			}
			for _, sub := range v {
				out = collectRegexes(out, sub)
			}
		case []any:
			out = collectRegexes(out, v...)
		}
	}
	return out
}
