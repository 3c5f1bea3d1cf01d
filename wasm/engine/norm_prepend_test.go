package engine

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// Mistral's normalizer: Prepend "▁" then Replace " " by "▁". The prepended rune shares the first
// rune's alignment; a replacement takes the alignment of what it replaces.
func TestPrependAndReplace(t *testing.T) {
	norm, err := loadNormalizer(rawJSON(`{"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
		{"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]}`), "normalizer")
	if err != nil {
		t.Fatal(err)
	}
	n := newNormalizedString("a b")
	if err := norm.normalize(&n); err != nil {
		t.Fatal(err)
	}
	if n.get() != "▁a▁b" {
		t.Fatalf("got %q", n.get())
	}
	want := []span{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 2}, {1, 2}, {1, 2}, {2, 3}}
	for i, w := range want {
		if got := n.alignAt(i); got != w {
			t.Errorf("byte %d aligned to %v, want %v", i, got, w)
		}
	}
	// An empty piece gets nothing prepended.
	empty := newNormalizedString("")
	if err := norm.normalize(&empty); err != nil || empty.get() != "" {
		t.Errorf("empty -> %q, %v", empty.get(), err)
	}
}

// Nmt removes control characters (the removal is charged to the rune before) and turns other
// spacing characters into a space that keeps their alignment.
func TestNmt(t *testing.T) {
	n := newNormalizedString("a\x01b\u200bc\td\u2581")
	if err := (nmtNormalizer{}).normalize(&n); err != nil {
		t.Fatal(err)
	}
	if n.get() != "ab c d " {
		t.Fatalf("got %q", n.get())
	}
	want := []span{{0, 1}, {2, 3}, {3, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 12}}
	for i, w := range want {
		if got := n.alignAt(i); got != w {
			t.Errorf("byte %d aligned to %v, want %v", i, got, w)
		}
	}
}

// FuzzPrependReplace checks that the one-pass Prepend+Replace gives the text and alignments of the two
// steps done by the general code, on fresh text and on text that was rewritten already.
func FuzzPrependReplace(f *testing.F) {
	f.Add("a b", "▁", " ", "▁", false)
	f.Add(" héllo  wörld ", "▁", " ", "▁", true)
	f.Add("x", "_ _", "_", "--", false)
	f.Add("", "▁", " ", "▁", false)
	for _, content := range []string{"", "x", "▁", "four", "fives"} {
		f.Add("The quick brown fox jumps  over the lazy dog, again and again", "▁", " ", content, false)
		f.Add("The quick brown fox jumps  over the lazy dog, again and again", "▁", " ", content, true)
	}
	f.Fuzz(func(t *testing.T, s, prefix, needle, content string, rewritten bool) {
		if len(needle) != 1 || needle[0] >= 0x80 || !utf8.ValidString(s) || !utf8.ValidString(prefix) || !utf8.ValidString(content) {
			return
		}
		got, want := newNormalizedString(s), newNormalizedString(s)
		if rewritten {
			for _, n := range []*normalizedString{&got, &want} {
				n.mapRunes(func(r rune) rune { return unicode.ToUpper(r) })
				n.filter(func(r rune) bool { return r != 'X' })
			}
		}
		got.prependReplacingByte(prefix, needle[0], content)
		if !want.isEmpty() {
			want.prepend(prefix)
		}
		if err := want.replace(&regexPattern{re: literalFinder{needle}}, content); err != nil {
			t.Fatal(err)
		}
		if got.get() != want.get() {
			t.Fatalf("got %q, the two steps give %q", got.get(), want.get())
		}
		for i := range got.len() {
			if got.alignAt(i) != want.alignAt(i) {
				t.Fatalf("byte %d aligned with %v, the two steps say %v", i, got.alignAt(i), want.alignAt(i))
			}
		}
	})
}
