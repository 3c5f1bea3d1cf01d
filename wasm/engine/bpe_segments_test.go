package engine

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestSpaceSegmentsReferenceModels checks which reference models prove their space segments, from the
// JSON file and after an image round trip. The expectations come from reading the merges: Mistral and
// Phi-3 have no merge of a token ending in another character with one starting with "▁"; gemma-3 has
// one (">", "▁</"); the other BPE models have no "▁" token.
func TestSpaceSegmentsReferenceModels(t *testing.T) {
	want := map[string]bool{
		"mistralai/Mistral-7B-v0.1":        true,
		"microsoft/Phi-3-mini-4k-instruct": true,
		"google/gemma-3":                   false,
		"Qwen/Qwen3":                       false,
		"openai-community/gpt2":            false,
		"openai/clip-vit-base-patch32":     false,
	}
	for name, proved := range want {
		t.Run(name, func(t *testing.T) {
			tk, err := Load(reference.TokenizerJSON(t, name))
			if err != nil {
				t.Fatal(err)
			}
			img, err := tk.MarshalImage()
			if err != nil {
				t.Fatal(err)
			}
			back, err := LoadImage(img)
			if err != nil {
				t.Fatal(err)
			}
			for label, k := range map[string]*Tokenizer{"json": tk, "image": back} {
				if got := k.model.(*bpeModel).spaceSegments; got != proved {
					t.Errorf("%s: spaceSegments = %v, want %v", label, got, proved)
				}
			}
		})
	}
}

// spaceTestModel is a SentencePiece-style BPE model; options default to byte fallback and a fused
// unknown token, extra tokens and merges are spliced in.
func spaceTestModel(t *testing.T, extraVocab, extraMerges, options string) *bpeModel {
	t.Helper()
	var bytes string
	for b := range 256 {
		bytes += fmt.Sprintf(`"<0x%02X>": %d, `, b, 10+b)
	}
	if options == "" {
		options = `"unk_token": "<unk>", "fuse_unk": true, "byte_fallback": true`
	}
	js := `{"type": "BPE", ` + options + `,
	  "vocab": {"<unk>": 0, ` + bytes + `"▁": 300, "a": 301, "b": 302, "▁a": 303, "▁▁": 304, "ab": 305, "▁ab": 306,
	    "▁▁a": 307` + extraVocab + `},
	  "merges": ["▁ a", "▁ ▁", "a b", "▁a b", "▁▁ a"` + extraMerges + `]}`
	m, err := newBPEModel([]byte(js), "model")
	if err != nil {
		t.Fatal(err)
	}
	return m.(*bpeModel)
}

func TestSpaceSegmentsProof(t *testing.T) {
	cases := []struct {
		name                   string
		vocab, merges, options string
		proved                 bool
	}{
		{"no crossing merge", "", "", "", true},
		{"a merge across a boundary", `, "b▁a": 308`, `, "b ▁a"`, "", false},
		{"crossing found by ids only", `, "u▁": 308, "u▁▁a": 309`, `, "u▁ ▁a"`, `"unk_token": "u▁"`, false},
		{"unknown token only", "", "", `"unk_token": "<unk>"`, true},
		{"byte fallback only", "", "", `"byte_fallback": true`, true},
		{"a character may get no symbol", "", "", `"unk_token": null`, false},
		{"empty continuing_subword_prefix", "", "", `"unk_token": "<unk>", "continuing_subword_prefix": ""`, true},
		{"end_of_word_suffix", `, "a</w>": 308`, "", `"unk_token": "<unk>", "end_of_word_suffix": "</w>"`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := spaceTestModel(t, c.vocab, c.merges, c.options).spaceSegments; got != c.proved {
				t.Errorf("spaceSegments = %v, want %v", got, c.proved)
			}
		})
	}
}

// TestSpaceSegmentsTokens checks the segment path against hand-made expectations and against the
// whole-word merge.
func TestSpaceSegmentsTokens(t *testing.T) {
	m := spaceTestModel(t, "", "", "")
	if !m.spaceSegments {
		t.Fatal("not proved")
	}
	type tok struct {
		id         uint32
		start, end int
	}
	cases := []struct {
		in   string
		want []tok
	}{
		{"▁ab▁a", []tok{{306, 0, 5}, {303, 5, 9}}},
		{"ab▁▁ab", []tok{{305, 0, 2}, {300, 2, 5}, {306, 5, 10}}},
		{"▁▁a▁", []tok{{300, 0, 3}, {303, 3, 7}, {300, 7, 10}}},
		{"▁▁▁b", []tok{{304, 0, 6}, {300, 6, 9}, {302, 9, 10}}},
		{"é▁a", []tok{{10 + 0xC3, 0, 1}, {10 + 0xA9, 1, 2}, {303, 2, 6}}},
	}
	for _, c := range cases {
		got, err := m.tokenize(c.in, nil)
		if err != nil {
			t.Fatal(err)
		}
		var toks []tok
		for _, g := range got {
			toks = append(toks, tok{g.id, g.start, g.end})
		}
		if !slices.Equal(toks, c.want) {
			t.Errorf("%q: got %v, want %v", c.in, toks, c.want)
		}
	}
}

// FuzzSpaceSegments compares the segment path of the models that prove it with the whole-word merge.
func FuzzSpaceSegments(f *testing.F) {
	for _, s := range []string{"▁Hello▁world", "▁▁▁x▁▁", "a▁", "▁", "日本語▁のテキスト", "💩▁💩▁▁💩", "x\u0301▁\u0302",
		"\xe2\x96▁\x81", "▁\xff▁", "<0x41>▁<unk>", "▁</s>▁▁</s>"} {
		f.Add(s)
	}
	var models []*bpeModel
	for _, name := range []string{"mistralai/Mistral-7B-v0.1", "microsoft/Phi-3-mini-4k-instruct"} {
		tk, err := Load(reference.TokenizerJSON(f, name))
		if err != nil {
			f.Fatal(err)
		}
		models = append(models, tk.model.(*bpeModel))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range models {
			segs, err := m.tokenize(s, nil)
			if err != nil {
				t.Fatal(err)
			}
			syms, err := m.mergeWord(s)
			if err != nil {
				t.Fatal(err)
			}
			whole := m.appendTokens(nil, syms)
			if !slices.Equal(segs, whole) {
				t.Fatalf("%q: segments %v, whole word %v", s, segs, whole)
			}
		}
	})
}
