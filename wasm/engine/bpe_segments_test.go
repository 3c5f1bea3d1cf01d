package engine

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestSpaceSegmentsReferenceModels checks which reference models prove which segments, from the JSON
// file and after an image round trip. The expectations come from reading the files: Mistral and Phi-3
// have no merge of a token ending in another character with one starting with "▁"; gemma-3 has one
// (">", "▁</"); all three have consistent merges that never take a byte or unknown token (pair cuts);
// the byte-level models can drop characters (no unknown token, no byte fallback) and CLIP has a suffix.
func TestSpaceSegmentsReferenceModels(t *testing.T) {
	type proofs struct{ space, pairs bool }
	want := map[string]proofs{
		"mistralai/Mistral-7B-v0.1":        {true, true},
		"microsoft/Phi-3-mini-4k-instruct": {true, true},
		"google/gemma-3":                   {false, true},
		"Qwen/Qwen3":                       {},
		"openai-community/gpt2":            {},
		"openai/clip-vit-base-patch32":     {},
	}
	for name, proved := range want {
		t.Run(name, func(t *testing.T) {
			tk, err := Load(reference.TokenizerJSON(t, name))
			if err != nil {
				t.Fatal(err)
			}
			back := reloadImage(t, tk)
			if a, b := tk.model.(*bpeModel).segments, back.model.(*bpeModel).segments; !sameSegments(a, b) {
				t.Errorf("image segments %+v, want %+v", b, a)
			}
			for label, k := range map[string]*Tokenizer{"json": tk, "image": back} {
				m := k.model.(*bpeModel)
				got := proofs{space: spaceProved(m), pairs: m.segments != nil && m.segments.pairs != nil}
				if got != proved {
					t.Errorf("%s: proved %+v, want %+v", label, got, proved)
				}
			}
		})
	}
}

func sameSegments(a, b *wordSegments) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.space != b.space || a.asciiTokens != b.asciiTokens || (a.pairs == nil) != (b.pairs == nil) {
		return false
	}
	if a.pairs == nil {
		return true
	}
	p, q := a.pairs, b.pairs
	if p.bmpLeft != q.bmpLeft || p.bmpRight != q.bmpRight || p.asciiJoined != q.asciiJoined || p.joined.n != q.joined.n ||
		p.markerThen != q.markerThen || p.thenMarker != q.thenMarker || p.markersKnown != q.markersKnown {
		return false
	}
	for _, s := range p.joined.slots {
		if _, ok := q.joined.get(s.key); s.key != emptyKey && !ok {
			return false
		}
	}
	return true
}

// spaceProved is whether the "▁" proof holds, which proveSegments only tries without pair cuts.
func spaceProved(m *bpeModel) bool {
	return m.prefix == "" && m.suffix == "" && everyCharacterGetsSymbols(m) && provesSpaceSegments(m)
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
	b := m.(*bpeModel)
	b.proveShortcuts() // as Load does
	return b
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
			if got := spaceProved(spaceTestModel(t, c.vocab, c.merges, c.options)); got != c.proved {
				t.Errorf("space segments proved = %v, want %v", got, c.proved)
			}
		})
	}
}

// TestSpaceSegmentsTokens checks the segment path, with pair cuts and with "▁" segments alone,
// against hand-made expectations.
func TestSpaceSegmentsTokens(t *testing.T) {
	m := spaceTestModel(t, "", "", "")
	if m.segments == nil || m.segments.pairs == nil || !spaceProved(m) {
		t.Fatal("not proved")
	}
	pairs := m.segments
	spaceOnly := *pairs
	spaceOnly.space, spaceOnly.pairs = true, nil
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
		{"aab", []tok{{301, 0, 1}, {305, 1, 3}}},
		{"ba▁", []tok{{302, 0, 1}, {301, 1, 2}, {300, 2, 5}}},
	}
	for _, segments := range []*wordSegments{pairs, &spaceOnly} {
		m.segments = segments
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
				t.Errorf("pairs %v: %q: got %v, want %v", segments.pairs != nil, c.in, toks, c.want)
			}
		}
	}
}

// TestPairCutsProof checks the conditions of the pair-cut proof on the model of TestSpaceSegmentsProof.
func TestPairCutsProof(t *testing.T) {
	if m := spaceTestModel(t, `, "<0x41>a": 308`, `, "<0x41> a"`, ""); m.segments.pairs != nil {
		t.Error("proved with a merge of a byte-fallback token")
	}
	if m := spaceTestModel(t, `, "c": 301`, "", ""); m.segments.pairs != nil {
		t.Error("proved with two characters sharing an id")
	}
	m := spaceTestModel(t, "", "", "")
	a, _ := m.vocab.get("a")
	wrong, _ := m.vocab.get("▁a")
	m.merges.table.put(pairKey(a, a), 99<<32|uint64(wrong))
	if provePairCuts(m) != nil {
		t.Error("proved with a merge whose token is not the concatenation")
	}
}

// FuzzSpaceSegments compares the segment paths of the models that prove them (pair cuts, and "▁"
// segments alone where proved) with the whole-word merge.
func FuzzSpaceSegments(f *testing.F) {
	for _, s := range []string{"▁Hello▁world", "▁▁▁x▁▁", "a▁", "▁", "日本語▁のテキスト", "💩▁💩▁▁💩", "x\u0301▁\u0302",
		"\xe2\x96▁\x81", "▁\xff▁", "<0x41>▁<unk>", "▁</s>▁▁</s>",
		"中文文本的分词，测试。", "<div>▁</div>", "func(a,▁b)▁{▁return▁a+b▁}", "\u00e9\u0301▁\U0001F600x"} {
		f.Add(s)
	}
	var models []*bpeModel
	var segments []*wordSegments
	for _, name := range []string{"mistralai/Mistral-7B-v0.1", "microsoft/Phi-3-mini-4k-instruct", "google/gemma-3"} {
		tk, err := Load(reference.TokenizerJSON(f, name))
		if err != nil {
			f.Fatal(err)
		}
		m := tk.model.(*bpeModel)
		models, segments = append(models, m), append(segments, m.segments)
		if spaceProved(m) {
			spaceOnly := *m.segments
			spaceOnly.space, spaceOnly.pairs = true, nil
			models, segments = append(models, m), append(segments, &spaceOnly)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, m := range models {
			m.segments = segments[i]
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

func TestThreeByteRune(t *testing.T) {
	for c0 := 0xE0; c0 <= 0xF0; c0++ {
		for c1 := 0x70; c1 <= 0xC0; c1++ {
			for _, c2 := range []byte{0x00, 0x7F, 0x80, 0x9A, 0xBF, 0xC0} {
				s := string([]byte{byte(c0), byte(c1), c2})
				want := pieceRune(s)
				if got := threeByteRune(s, 0); got != want {
					t.Fatalf("% x: got %d, want %d", s, got, want)
				}
			}
		}
	}
}

// TestPairCutsMarkerPairs checks that the cuts next finds with the pairs of "▁" and ASCII read once
// are those it finds looking every pair up in J.
func TestPairCutsMarkerPairs(t *testing.T) {
	for _, name := range []string{"mistralai/Mistral-7B-v0.1", "microsoft/Phi-3-mini-4k-instruct"} {
		tk, err := Load(reference.TokenizerJSON(t, name))
		if err != nil {
			t.Fatal(err)
		}
		p := tk.model.(*bpeModel).segments.pairs
		if !p.markersKnown || p.markerThen == [2]uint64{} { // no merge joins ASCII to a following "▁" in either
			t.Fatalf("%s: marker pairs %v %v known %v", name, p.markerThen, p.thenMarker, p.markersKnown)
		}
		slow := *p
		slow.markersKnown = false
		for _, s := range []string{"▁Hello▁world,▁it's▁▁me", "a▁▁b▁", "▁▁▁x", "▁(1+2)▁=▁3\n▁ok", "日本▁語▁x▁", "x▁y\t▁\u2582▁z"} {
			for start := 0; start < len(s); start++ {
				if got, want := p.next(s, start), slow.next(s, start); got != want {
					t.Errorf("%s: next(%q, %d) = %d, want %d", name, s, start, got, want)
				}
			}
		}
	}
}
