package engine

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func newTestUnigram(t *testing.T, unkID string, byteFallback bool, pieces ...any) *unigramModel {
	t.Helper()
	vocab := make([][2]any, 0, len(pieces)/2)
	for i := 0; i < len(pieces); i += 2 {
		vocab = append(vocab, [2]any{pieces[i], pieces[i+1]})
	}
	raw, err := json.Marshal(map[string]any{"type": "Unigram", "vocab": vocab, "unk_id": json.RawMessage(unkID),
		"byte_fallback": byteFallback})
	if err != nil {
		t.Fatal(err)
	}
	m, err := newUnigramModel(raw, "model")
	if err != nil {
		t.Fatal(err)
	}
	return m.(*unigramModel)
}

func unigramPieces(t *testing.T, m *unigramModel, s string) []string {
	t.Helper()
	toks, err := m.tokenize(s, nil)
	if err != nil {
		t.Fatalf("tokenize(%q): %v", s, err)
	}
	out := make([]string, len(toks))
	for i, tok := range toks {
		out[i] = s[tok.start:tok.end]
	}
	return out
}

// Expectations of HF's unigram model tests (test_encode, test_encode2), which always fuse unknowns.
func TestUnigramViterbi(t *testing.T) {
	m := newTestUnigram(t, "0", false, "<unk>", 0.0, "a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0,
		"cd", 1.0, "ab", 2.0, "abc", 5.0, "abcd", 10.0)
	if got := unigramPieces(t, m, "abcd"); !reflect.DeepEqual(got, []string{"abcd"}) {
		t.Errorf("abcd: %q", got)
	}
	m = newTestUnigram(t, "0", false, "<unk>", 0.0, "ab", 0.0, "cd", -0.1, "abc", -0.2, "a", -0.3, "b", -0.4,
		"c", -0.5, "ABC", -0.5, "abcdabcd", 20.0, "q", 20.5, "r", 20.5, "qr", -0.5)
	for in, want := range map[string]string{
		"abc":          "abc",
		"AB":           "AB",
		"abcd":         "ab cd",
		"abcc":         "abc c",
		"xabcabaabcdd": "x abc ab a ab cd d",
		"xyz東京":        "xyz東京",
		"ABC":          "ABC",
		"abABCcd":      "ab ABC cd",
		"ababcdabcdcd": "ab abcdabcd cd",
		"abqrcd":       "ab q r cd",
	} {
		if got := strings.Join(unigramPieces(t, m, in), " "); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestUnigramTokens(t *testing.T) {
	m := newTestUnigram(t, "0", false, "<unk>", 0.0, "a", -1.0, "b", -1.0, "ab", -1.5)
	toks, err := m.tokenize("xyab", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The fused unknown run keeps its own text as the token value.
	want := []token{{0, "xy", 0, 2}, {3, "ab", 2, 4}}
	if !reflect.DeepEqual(toks, want) {
		t.Errorf("got %+v, want %+v", toks, want)
	}
}

func TestUnigramTiesKeepFirstCandidate(t *testing.T) {
	// "a"+"bc" and "ab"+"c" both score -2. The end is reached first from start 1 ("bc" after "a"),
	// then from start 2 ("c" after "ab"); the equal later candidate does not replace it.
	m := newTestUnigram(t, "0", false, "<unk>", 0.0, "a", -1.0, "b", -5.0, "c", -1.0, "ab", -1.0, "bc", -1.0)
	if got := unigramPieces(t, m, "abc"); !reflect.DeepEqual(got, []string{"a", "bc"}) {
		t.Errorf("abc: %q, want [a bc]", got)
	}
}

// HF's test_unigram_bytefallback: byte tokens all carry the span of the whole unknown piece.
func TestUnigramByteFallback(t *testing.T) {
	m := newTestUnigram(t, "0", true, "<unk>", 0.0, "<0xC3>", -0.01, "<0xA9>", -0.03)
	toks, err := m.tokenize("é", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []token{{1, "<0xC3>", 0, 2}, {2, "<0xA9>", 0, 2}}
	if !reflect.DeepEqual(toks, want) {
		t.Errorf("é: got %+v, want %+v", toks, want)
	}
	// "?" has no byte token, so the fused run "?é" stays one unknown token.
	toks, err = m.tokenize("?é", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 1 || toks[0].id != 0 || toks[0].value != "?é" {
		t.Errorf("?é: got %+v", toks)
	}
}

func TestUnigramLoadErrors(t *testing.T) {
	m := newTestUnigram(t, "null", false, "a", -1.0)
	if _, err := m.tokenize("ab", nil); !errors.Is(err, ErrMissingUnkID) {
		t.Errorf("unknown character without unk_id: %v", err)
	}
	for _, raw := range []string{
		`{"type": "Unigram", "vocab": [["a", -1.0]], "unk_id": 1}`,
		`{"type": "Unigram", "vocab": [], "unk_id": 0}`,
		`{"type": "Unigram", "unk_id": 0}`,
		`{"type": "Unigram", "vocab": [["a", "x"]]}`,
	} {
		if _, err := newUnigramModel(rawJSON(raw), "model"); err == nil {
			t.Errorf("%s: loaded", raw)
		}
	}
}

func TestUnigramDuplicatePieceKeepsLastID(t *testing.T) {
	m := newTestUnigram(t, "0", false, "<unk>", 0.0, "a", -1.0, "a", -2.0)
	toks, err := m.tokenize("a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 1 || toks[0].id != 2 {
		t.Errorf("got %+v, want id 2", toks)
	}
	if id, _ := m.tokenToID("a"); id != 2 {
		t.Errorf("tokenToID(a) = %d", id)
	}
}
