package engine

import (
	"slices"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

func TestCharTokens(t *testing.T) {
	var c charTokens
	zhong, wen := "\u4e2d", "\u6587" // 中, 文: the same page of 256 characters
	a := []wordToken{{value: "x", id: 7, end: 1, charStart: 0, charEnd: 3}, {value: "y", id: 9, end: 3, charStart: 0, charEnd: 3}}
	b := []wordToken{{value: "z", id: 11, end: 3, charStart: 0, charEnd: 3}}
	if !isChar3(zhong) || !isChar3(wen) {
		t.Fatal("isChar3 is false for a three-byte character")
	}
	for _, seg := range []string{"abc", "é", "\u4e2da", "\xe4\xb8", "\xe4a\xad", "😀"[:3]} {
		if isChar3(seg) {
			t.Errorf("isChar3(%q) is true", seg)
		}
	}
	if got := c.get(zhong); got != nil {
		t.Fatalf("get before put: %v", got)
	}
	c.put(zhong, a)
	if got := c.get(wen); got != nil {
		t.Fatalf("get of another character of the page: %v", got)
	}
	c.put(wen, b)
	if got := c.get(zhong); !slices.Equal(got, a) {
		t.Errorf("get(中) = %v, want %v", got, a)
	}
	if got := c.get(wen); !slices.Equal(got, b) {
		t.Errorf("get(文) = %v, want %v", got, b)
	}
	// A full arena takes no more characters; those cached stay.
	c.arena = append(c.arena, make([]wordToken, charTokensMax-len(c.arena)-1)...)
	c.put("\u4e00", a)
	if got := c.get("\u4e00"); got != nil {
		t.Errorf("put into a full arena: get = %v", got)
	}
	if got := c.get(wen); !slices.Equal(got, b) {
		t.Errorf("get(文) after the arena filled = %v, want %v", got, b)
	}
}

// TestAppendRawSegmentsMatchesMerge checks that the byte-level path's segments, appended to an encoding
// straight from the caches, are the tokens mergeRawSegments gives, moved by the word's place.
func TestAppendRawSegmentsMatchesMerge(t *testing.T) {
	for _, model := range []string{"meta-llama/Meta-Llama-3-8B-Instruct", "openai-community/gpt2"} {
		tk, err := Load(reference.TokenizerJSON(t, model))
		if err != nil {
			t.Fatal(err)
		}
		m := tk.model.(*bpeModel)
		cut := 0
		for _, w := range []string{"中文分词测试", " 東京都の天気", "Привет мир", "中文中文", "日本語abc日本語", "中\xe2\x82"} {
			c := m.firstRawCut(w)
			if c == len(w) {
				continue
			}
			cut++
			for _, base := range []int{0, 7} {
				var e Encoding
				m.appendRawSegments(&e, w, c, base)
				want := m.mergeRawSegments(w, c)
				if len(e.IDs) != len(want) || len(e.Tokens) != len(want) || len(e.Offsets) != len(want) {
					t.Fatalf("%s %q: %d tokens appended, want %d", model, w, len(e.IDs), len(want))
				}
				for i, tok := range want {
					off := Offset{base + int(tok.charStart), base + int(tok.charEnd)}
					if e.IDs[i] != tok.id || e.Tokens[i] != tok.value || e.Offsets[i] != off {
						t.Errorf("%s %q token %d: %d %q %v, want %d %q %v", model, w, i, e.IDs[i], e.Tokens[i], e.Offsets[i], tok.id, tok.value, off)
					}
				}
			}
		}
		if cut < 3 {
			t.Errorf("%s: only %d test words have a cut", model, cut)
		}
	}
}
