package engine

import (
	"slices"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// byteLevelCutModels are reference byte-level BPE models whose tables prove cuts: two with
// ignore_merges (Llama-3, gpt-oss) and three without.
var byteLevelCutModels = []string{"Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct", "openai-community/gpt2",
	"openai/gpt-oss", "deepseek-ai/DeepSeek-V3"}

func loadByteLevelModel(tb testing.TB, name string) *bpeModel {
	tb.Helper()
	tk, err := Load(reference.TokenizerJSON(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	m, ok := tk.model.(*bpeModel)
	if !ok || !m.rawOK {
		tb.Fatalf("%s: not a byte-level BPE model", name)
	}
	return m
}

// wholeWordTokens merges raw as one word, without cuts or cache, as HF does.
func wholeWordTokens(m *bpeModel, raw string) []wordToken {
	var text []byte
	for i := 0; i < len(raw); i++ {
		text = append(text, string(byteRune(raw[i]))...)
	}
	var syms []wordSymbol
	if id, ok := m.vocab.getBytes(text); ok && m.ignoreMerges {
		syms = []wordSymbol{{id, uint32(len(raw))}}
	} else {
		var sc bpeScratch
		for i := 0; i < len(raw); i++ {
			sc.syms = append(sc.syms, wordSymbol{m.rawIDs[raw[i]], 1})
		}
		sc.mergeAll(m.merges)
		syms = sc.syms
	}
	return appendWordTokens(nil, raw, syms, m.vocab)
}

func TestByteCutsProvedAndCut(t *testing.T) {
	const text = "我们今天讨论一下机器学习的基本原理"
	for _, name := range byteLevelCutModels {
		m := loadByteLevelModel(t, name)
		if m.rawCuts == nil {
			t.Fatalf("%s: no cuts proved", name)
		}
		if cut := m.rawCuts.next(text, 0); cut >= len(text) {
			t.Errorf("%s: no cut in %q", name, text)
		}
		if got, want := m.rawWordTokens(text), wholeWordTokens(m, text); !slices.Equal(got, want) {
			t.Errorf("%s: %q cut into %v, whole word %v", name, text, got, want)
		}
	}
}

// TestByteCutsKeepIgnoreMerges checks that a word that is a token of Llama-3 stays one token, while
// the same text as a segment of a longer word is merged.
func TestByteCutsKeepIgnoreMerges(t *testing.T) {
	m := loadByteLevelModel(t, "meta-llama/Meta-Llama-3-8B-Instruct")
	for _, w := range []string{"中国", "的是", "我们", "中国中国的是我们"} {
		got := slices.Clone(m.rawWordTokens(w))
		if want := wholeWordTokens(m, w); !slices.Equal(got, want) {
			t.Errorf("%q: %v, whole word %v", w, got, want)
		}
	}
}

func FuzzByteCuts(f *testing.F) {
	for _, s := range []string{"我们今天讨论一下机器学习", "日本語のテキストです", "한국어 텍스트", " 中国", "中国", "💩💩💩",
		"\xe4\xb8\xad\xe5", "\xff中\x80文", "x\u0301y\u0302", "Привет мир", "ﾃｽﾄ", "\u00e9\u0301\U0001F600x",
		"ٱلسَّلَامُ عَلَيْكُمْ", "नमस्ते", "็็็็", "\ufffd\ufffd"} {
		f.Add(s)
	}
	var models []*bpeModel
	for _, name := range byteLevelCutModels {
		models = append(models, loadByteLevelModel(f, name))
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || len(s) > 1024 {
			return
		}
		for _, m := range models {
			// Twice: the second time the segments come from the word cache.
			for range 2 {
				if got, want := m.rawWordTokens(s), wholeWordTokens(m, s); !slices.Equal(got, want) {
					t.Fatalf("%q: cut into %v, whole word %v", s, got, want)
				}
			}
		}
	})
}

// TestByteCutsImageRoundTrip checks that an image carries the proved cuts, and cuts words as the
// tokenizer.json it was made from.
func TestByteCutsImageRoundTrip(t *testing.T) {
	for _, name := range []string{"Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct"} {
		m := loadByteLevelModel(t, name)
		tk, err := Load(reference.TokenizerJSON(t, name))
		if err != nil {
			t.Fatal(err)
		}
		back := reloadImage(t, tk)
		c, want := back.model.(*bpeModel).rawCuts, m.rawCuts
		if c == nil {
			t.Fatalf("%s: image lost the cuts", name)
		}
		if c.bytesJoined != want.bytesJoined || c.chars.bmpLeft != want.chars.bmpLeft ||
			c.chars.bmpRight != want.chars.bmpRight || c.chars.asciiJoined != want.chars.asciiJoined ||
			c.chars.joined.n != want.chars.joined.n || !slices.Equal(c.pairFilter, want.pairFilter) {
			t.Fatalf("%s: image cuts differ from the proved ones", name)
		}
		for _, s := range []string{"我们今天讨论一下机器学习的基本原理", "日本語のテキストです", "中国的是"} {
			for i := 0; i < len(s); i = c.next(s, i) {
				if j, k := c.next(s, i), want.next(s, i); j != k {
					t.Fatalf("%s: %q from %d: image cuts at %d, proof at %d", name, s, i, j, k)
				}
			}
		}
	}
}
