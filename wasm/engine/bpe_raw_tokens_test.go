package engine

import (
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestRawTokenFilterPassesEveryToken checks, on Llama-3's vocabulary (ignore_merges) loaded from its JSON
// and from its image, that every token spelled in byte-level runes passes the filter and is found from
// its raw bytes, and that the filter rejects most raw words that are not tokens.
func TestRawTokenFilterPassesEveryToken(t *testing.T) {
	loaded, err := Load(reference.TokenizerJSON(t, "meta-llama/Meta-Llama-3-8B-Instruct"))
	if err != nil {
		t.Fatal(err)
	}
	fromImage := reloadImage(t, loaded)
	for _, tk := range []*Tokenizer{loaded, fromImage} {
		m := tk.model.(*bpeModel)
		if m.rawTokens == nil {
			t.Fatal("no raw token filter for a byte-level model with ignore_merges")
		}
		tokens, rejected, others := 0, 0, 0
		var raw []byte
		for e := range uint32(m.vocab.len()) {
			var ok bool
			if raw, ok = byteLevelBytes(raw[:0], m.vocab.entry(e)); !ok || len(raw) == 0 {
				continue
			}
			tokens++
			word := string(raw)
			if !m.rawTokens.mayBeToken(word) {
				t.Fatalf("token %q (raw %q) does not pass the filter", m.vocab.entry(e), word)
			}
			if id, ok := m.rawTokenID(word); !ok || id != m.vocab.idOf(e) {
				t.Fatalf("token %q: rawTokenID gives %d, %v; want %d", m.vocab.entry(e), id, ok, m.vocab.idOf(e))
			}
			// The word with one more byte is a token only sometimes.
			longer := word + "\x00"
			if _, isToken := m.rawTokenID(longer); !isToken {
				others++
				if !m.rawTokens.mayBeToken(longer) {
					rejected++
				}
			}
		}
		if tokens < 100000 || rejected < others*8/10 {
			t.Errorf("%d tokens; the filter rejects %d of %d other words", tokens, rejected, others)
		}
	}
}

// byteLevelBytes appends the bytes the runes of tok stand for, decoding it as the standard library does;
// false when one is not a byte-level rune.
func byteLevelBytes(dst []byte, tok string) ([]byte, bool) {
	for _, r := range tok {
		b, ok := runeByte(r)
		if !ok {
			return dst, false
		}
		dst = append(dst, b)
	}
	return dst, true
}
