package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustModel(t *testing.T, js string) model {
	t.Helper()
	m, err := loadModel(rawJSON(js), "model")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// renderTokens renders tokens as "value:id@start-end".
func renderTokens(toks []token) string {
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = fmt.Sprintf("%s:%d@%d-%d", tk.value, tk.id, tk.start, tk.end)
	}
	return strings.Join(out, " ")
}

func TestWordPieceModel(t *testing.T) {
	m := mustModel(t, `{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
	  "max_input_chars_per_word": 6,
	  "vocab": {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "una": 4, "##ff": 5, "é": 6, "##té": 7, "##t": 8}}`)
	cases := []struct{ word, want string }{
		// Longest match first: "una" wins over "un", then "##ff" and "##able".
		{"unaffable", "[UNK]:0@0-9"}, // 9 characters > max_input_chars_per_word
		{"unaff", "una:4@0-3 ##ff:5@3-5"},
		{"éété", "[UNK]:0@0-7"}, // "##é" is missing: the whole word is unknown
		{"été", "é:6@0-2 ##té:7@2-5"},
		{"", ""},
	}
	for pass := range 2 { // the second pass reads the word cache
		for _, c := range cases {
			got, err := m.tokenize(c.word, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s := renderTokens(got); s != c.want {
				t.Errorf("pass %d: tokenize(%q) = %s, want %s", pass, c.word, s, c.want)
			}
		}
	}
	if m.vocabSize() != 9 {
		t.Errorf("vocabSize %d", m.vocabSize())
	}
	if tok, ok := m.idToToken(3); !ok || tok != "##able" {
		t.Errorf("idToToken(3) = %q, %v", tok, ok)
	}
}

func TestWordPieceLegacyAndMissingUnk(t *testing.T) {
	// A legacy model without "type" is recognised by its three WordPiece fields.
	m := mustModel(t, `{"unk_token": "<unk>", "continuing_subword_prefix": "@@", "max_input_chars_per_word": 100,
	  "vocab": {"<unk>": 0, "ab": 1, "@@c": 2}}`)
	got, err := m.tokenize("abc", nil)
	if err != nil || renderTokens(got) != "ab:1@0-2 @@c:2@2-3" {
		t.Errorf("legacy: %s, %v", renderTokens(got), err)
	}
	m = mustModel(t, `{"type": "WordPiece", "vocab": {"a": 0}}`)
	if _, err := m.tokenize("b", nil); !errors.Is(err, ErrMissingUnkToken) {
		t.Errorf("missing unk: %v", err)
	}
}

func TestWordLevelModel(t *testing.T) {
	m := mustModel(t, `{"type": "WordLevel", "vocab": {"<unk>": 0, "hello": 1, "world": 2}, "unk_token": "<unk>"}`)
	for word, want := range map[string]string{"hello": "hello:1@0-5", "worlds": "<unk>:0@0-6"} {
		got, err := m.tokenize(word, nil)
		if err != nil || renderTokens(got) != want {
			t.Errorf("tokenize(%q) = %s, %v; want %s", word, renderTokens(got), err, want)
		}
	}
	m = mustModel(t, `{"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "<unk>"}`)
	if _, err := m.tokenize("b", nil); !errors.Is(err, ErrMissingUnkToken) {
		t.Errorf("missing unk: %v", err)
	}
}

// hfWordPiece is HF's WordPiece::tokenize written as HF writes it, over a Go map.
func hfWordPiece(vocab map[string]uint32, word string) string {
	if utf8.RuneCountInString(word) > 8 {
		return renderTokens([]token{{id: vocab["[UNK]"], value: "[UNK]", end: len(word)}})
	}
	var toks []token
	for start := 0; start < len(word); {
		end := len(word)
		found := false
		for start < end {
			sub := word[start:end]
			if start > 0 {
				sub = "##" + sub
			}
			if id, ok := vocab[sub]; ok {
				toks = append(toks, token{id: id, value: sub, start: start, end: end})
				found = true
				break
			}
			_, size := utf8.DecodeLastRuneInString(sub)
			end -= size
		}
		if !found {
			return renderTokens([]token{{id: vocab["[UNK]"], value: "[UNK]", end: len(word)}})
		}
		start = end
	}
	return renderTokens(toks)
}

// FuzzWordPiece checks the model (bounded candidates, word cache) against HF's loop.
func FuzzWordPiece(f *testing.F) {
	vocab := map[string]uint32{"[UNK]": 0, "a": 1, "ab": 2, "abé": 3, "##b": 4, "##é": 5, "##ba": 6, "é": 7, "##a": 8, "bab": 9}
	js, _ := json.Marshal(map[string]any{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
		"max_input_chars_per_word": 8, "vocab": vocab})
	m, err := loadModel(js, "model")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"abéab", "babab", "éa", "abc", "abababababa", "a", "c", "é", "ba"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		if !utf8.ValidString(word) {
			return
		}
		got, err := m.tokenize(word, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := hfWordPiece(vocab, word); renderTokens(got) != want {
			t.Fatalf("%q: got %s, want %s", word, renderTokens(got), want)
		}
	})
}
