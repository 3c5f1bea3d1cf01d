package engine

import (
	"testing"
)

// origOf returns the original text that normalized bytes [start,end) come from.
func origOf(t *testing.T, n *normalizedString, start, end int) string {
	t.Helper()
	r, ok := n.normalizedToOriginal(span{start, end})
	if !ok {
		t.Fatalf("normalizedToOriginal(%d,%d) failed", start, end)
	}
	return n.original[r.start:r.end]
}

func TestNormalizedIdentity(t *testing.T) {
	n := newNormalizedString("héllo")
	// Byte 2 is inside 'é' (bytes 1-2): it maps to the whole rune.
	if got := origOf(t, &n, 2, 3); got != "é" {
		t.Errorf("byte inside é maps to %q", got)
	}
	if got := origOf(t, &n, 0, 6); got != "héllo" {
		t.Errorf("whole maps to %q", got)
	}
}

func TestNormalizedPrependAndFilter(t *testing.T) {
	n := newNormalizedString("abc")
	n.prepend("__")
	if n.get() != "__abc" {
		t.Fatalf("prepend gave %q", n.get())
	}
	// The inserted runes share the alignment of the rune they were put before.
	if got := origOf(t, &n, 0, 1); got != "a" {
		t.Errorf("prepended rune maps to %q, want %q", got, "a")
	}
	n.filter(func(r rune) bool { return r != 'b' })
	if n.get() != "__ac" {
		t.Fatalf("filter gave %q", n.get())
	}
	if got := origOf(t, &n, 3, 4); got != "c" {
		t.Errorf("c maps to %q", got)
	}
}

func TestNormalizedFilterLeading(t *testing.T) {
	n := newNormalizedString("xxab")
	n.filter(func(r rune) bool { return r != 'x' })
	if n.get() != "ab" {
		t.Fatalf("filter gave %q", n.get())
	}
	if got := origOf(t, &n, 0, 1); got != "a" {
		t.Errorf("a maps to %q", got)
	}
}

func TestNormalizedMapAndAppend(t *testing.T) {
	n := newNormalizedString("ab")
	n.mapRunes(func(r rune) rune { return r - 'a' + 'A' })
	n.appendString("!")
	if n.get() != "AB!" {
		t.Fatalf("got %q", n.get())
	}
	if got := origOf(t, &n, 2, 3); got != "b" {
		t.Errorf("appended rune maps to %q", got)
	}
}

func TestNormalizedReplace(t *testing.T) {
	n := newNormalizedString("a  b")
	if err := n.replace(&regexPattern{re: literalFinder{"  "}}, "_"); err != nil {
		t.Fatal(err)
	}
	if n.get() != "a_b" {
		t.Fatalf("got %q", n.get())
	}
	// HF aligns replacement text with the last byte of the match.
	if got := origOf(t, &n, 1, 2); got != " " {
		t.Errorf("replacement maps to %q", got)
	}
	if r, _ := n.normalizedToOriginal(span{1, 2}); r != (span{2, 3}) {
		t.Errorf("replacement span %v, want {2 3}", r)
	}
}

func TestNormalizedStrip(t *testing.T) {
	n := newNormalizedString("  ab \n")
	n.lrstrip(true, true)
	if n.get() != "ab" {
		t.Fatalf("got %q", n.get())
	}
	if r := n.offsetsOriginal(); r != (span{0, 6}) {
		t.Errorf("original span %v", r)
	}
	if got := origOf(t, &n, 0, 2); got != "ab" {
		t.Errorf("ab maps to %q", got)
	}
}

func TestNormalizedSliceKeepsRootOffsets(t *testing.T) {
	n := newNormalizedString("one two")
	s, ok := n.slice(span{4, 7})
	if !ok || s.get() != "two" || s.original != "two" {
		t.Fatalf("slice = %q (%v)", s.get(), ok)
	}
	if s.offsetsOriginal() != (span{4, 7}) {
		t.Errorf("slice offsets %v", s.offsetsOriginal())
	}
	if _, ok := newNormalizedStringPtr("é").slice(span{1, 2}); ok {
		t.Error("slice inside a rune succeeded")
	}
}

func newNormalizedStringPtr(s string) *normalizedString {
	n := newNormalizedString(s)
	return &n
}

func TestSplitBehaviors(t *testing.T) {
	// The examples of HF's SplitDelimiterBehavior documentation.
	cases := []struct {
		behavior splitBehavior
		want     []string
	}{
		{splitRemoved, []string{"the", "final", "countdown"}},
		{splitIsolated, []string{"the", "-", "final", "-", "-", "countdown"}},
		{splitMergedWithPrevious, []string{"the-", "final-", "-", "countdown"}},
		{splitMergedWithNext, []string{"the", "-final", "-", "-countdown"}},
		{splitContiguous, []string{"the", "-", "final", "--", "countdown"}},
	}
	for _, c := range cases {
		n := newNormalizedString("the-final--countdown")
		var sc splitScratch
		parts, err := n.splitBy(runePattern(func(r rune) bool { return r == '-' }), c.behavior, &sc, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range parts {
			got = append(got, p.norm.get())
		}
		if len(got) != len(c.want) {
			t.Errorf("behavior %d: %q, want %q", c.behavior, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("behavior %d: %q, want %q", c.behavior, got, c.want)
				break
			}
		}
	}
}

func TestInvertPattern(t *testing.T) {
	p := invertPattern{runePattern(func(r rune) bool { return r == ' ' })}
	got, err := p.findMatches("a b", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []match{{0, 1, true}, {1, 2, false}, {2, 3, true}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestByteRuneTable(t *testing.T) {
	seen := map[rune]bool{}
	for b := 0; b < 256; b++ {
		r := byteRune(byte(b))
		if seen[r] {
			t.Fatalf("rune %U used twice", r)
		}
		seen[r] = true
		back, ok := runeByte(r)
		if !ok || back != byte(b) {
			t.Fatalf("byte %#x -> %U -> %#x", b, r, back)
		}
	}
	// GPT-2's well-known stand-ins: space is 'Ġ', newline 'Ċ'.
	if byteRune(' ') != 'Ġ' || byteRune('\n') != 'Ċ' {
		t.Errorf("space %U newline %U", byteRune(' '), byteRune('\n'))
	}
}

func TestUnicodeNormalizerAlignment(t *testing.T) {
	// "e" + three U+0301: NFC composes the first accent into "é", which keeps the span of "e" plus
	// the absorbed accent removed, and the remaining accents keep their own spans (as HF's golden shows).
	n := newNormalizedString("e\u0301\u0301\u0301")
	if err := newUnicodeNormalizer("NFC").normalize(&n); err != nil {
		t.Fatal(err)
	}
	if n.get() != "é\u0301\u0301" {
		t.Fatalf("got %q", n.get())
	}
	if r, _ := n.normalizedToOriginal(span{0, 2}); r != (span{0, 1}) {
		t.Errorf("é maps to %v, want {0 1}", r)
	}
	if r, _ := n.normalizedToOriginal(span{2, 4}); r != (span{3, 5}) {
		t.Errorf("first kept accent maps to %v, want {3 5}", r)
	}
	d := newNormalizedString("é")
	if err := newUnicodeNormalizer("NFD").normalize(&d); err != nil {
		t.Fatal(err)
	}
	if d.get() != "e\u0301" {
		t.Fatalf("NFD got %q", d.get())
	}
	if r, _ := d.normalizedToOriginal(span{1, 3}); r != (span{0, 2}) {
		t.Errorf("decomposed accent maps to %v, want {0 2}", r)
	}
}

func TestUTF8Lossy(t *testing.T) {
	cases := map[string]string{
		"ok":           "ok",
		"\xff\xff":     "\uFFFD\uFFFD",
		"\xe4\xb8":     "\uFFFD", // a cut-short 3-byte sequence is one replacement
		"a\xe4\xb8b":   "a\uFFFDb",
		"\xed\xa0\x80": "\uFFFD\uFFFD\uFFFD", // surrogates are not a valid prefix
	}
	for in, want := range cases {
		if got := utf8Lossy([]byte(in)); got != want {
			t.Errorf("utf8Lossy(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizedOriginalToNormalizedAndClear(t *testing.T) {
	n := newNormalizedString("ab")
	n.prepend("▁")
	// Original "b" is the last byte; "▁" (3 bytes) and "a" come before it in the normalized string.
	if r, ok := n.originalToNormalized(span{1, 2}); !ok || r != (span{4, 5}) {
		t.Errorf("original b -> %v %v, want {4 5}", r, ok)
	}
	if got := n.clear(); got != 5 || n.get() != "" {
		t.Errorf("clear removed %d bytes, left %q", got, n.get())
	}
}
