package engine

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func mustNormalizer(t *testing.T, js string) normalizer {
	t.Helper()
	n, err := loadNormalizer(rawJSON(js), "normalizer")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func normalizeString(t *testing.T, nz normalizer, s string) *normalizedString {
	t.Helper()
	n := newNormalizedString(s)
	if err := nz.normalize(&n); err != nil {
		t.Fatal(err)
	}
	return &n
}

// The expectations are HF's own tests (Python bindings and Rust) where they exist, else worked out
// from HF's code.
func TestNormalizers(t *testing.T) {
	cases := []struct {
		json, in, want string
	}{
		{`{"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": false, "strip_accents": true, "lowercase": false}`, "Héllò", "Hello"},
		{`{"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": true, "strip_accents": false, "lowercase": false}`, "你好", " 你  好 "},
		{`{"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": false, "strip_accents": false, "lowercase": false}`, "\ufeffHello", "Hello"},
		{`{"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": false, "strip_accents": false, "lowercase": true}`, "Héllò", "héllò"},
		// strip_accents null follows lowercase; defaults are all on.
		{`{"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": false, "strip_accents": null, "lowercase": true}`, "Héllò", "hello"},
		{`{"type": "BertNormalizer"}`, "Ça\tVA\u00a0!", "ca va !"},
		// clean_text: NUL, U+FFFD and controls go (vertical tab and U+0085 are controls before they are
		// white space), other white space becomes ' '. U+0890 is a format character only since Unicode
		// 14.0, so HF keeps it.
		{`{"type": "BertNormalizer", "lowercase": false}`, "a\x00b\ufffdc\x0bd\u0085e\u2003f\r\ng\u0890", "abcde f  g\u0890"},
		// Final sigma lowercases per code point; İ lowercases to i + U+0307, whose mark strip_accents drops.
		{`{"type": "BertNormalizer", "strip_accents": false}`, "ΟΔΟΣ İ", "οδοσ i\u0307"},
		{`{"type": "BertNormalizer"}`, "ΟΔΟΣ İ", "οδοσ i"},
		// Every CJK ideograph, Extension B included, is spaced on its own.
		{`{"type": "BertNormalizer"}`, "𠀀𠀁x", " 𠀀  𠀁 x"},
		{`{"type": "Lowercase"}`, "HELLO Σ", "hello σ"},
		{`{"type": "Strip", "strip_left": true, "strip_right": false}`, "  hello  ", "hello  "},
		{`{"type": "Strip", "strip_left": false, "strip_right": true}`, "  hello  ", "  hello"},
		{`{"type": "Strip", "strip_left": true, "strip_right": true}`, "  hello  ", "hello"},
		{`{"type": "StripAccents"}`, "Me llamo\u0301 e\u0304\u0304\u0304o", "Me llamo eo"},
		{`{"type": "Sequence", "normalizers": [{"type": "NFKD"}, {"type": "StripAccents"}, {"type": "Lowercase"}]}`, "ậ…", "a..."},
		{`{"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "}`, "a \t\n b  c", "a b c"},
		{`{"type": "Replace", "pattern": {"String": "''"}, "content": "\""}`, "''a''", "\"a\""},
	}
	for _, c := range cases {
		if got := normalizeString(t, mustNormalizer(t, c.json), c.in).get(); got != c.want {
			t.Errorf("%s on %q: got %q, want %q", c.json, c.in, got, c.want)
		}
	}
}

// TestBertNormalizerAlignment checks that offsets survive every BertNormalizer step.
func TestBertNormalizerAlignment(t *testing.T) {
	n := normalizeString(t, mustNormalizer(t, `{"type": "BertNormalizer"}`), "\u00adÉcole 野口")
	if n.get() != "ecole  野  口 " {
		t.Fatalf("normalized %q", n.get())
	}
	// "e" comes from "É" (the soft hyphen before it was removed); each ideograph and the spaces
	// around it come from the ideograph.
	for _, c := range []struct {
		start, end int
		want       string
	}{{0, 1, "É"}, {0, 5, "École"}, {6, 7, "野"}, {7, 10, "野"}, {6, 11, "野"}, {12, 15, "口"}, {15, 16, "口"}} {
		if got := origOf(t, n, c.start, c.end); got != c.want {
			t.Errorf("normalized [%d,%d) comes from %q, want %q", c.start, c.end, got, c.want)
		}
	}
}

// hfBertSteps is BertNormalizer written as HF writes it, one NormalizedString operation per step.
func hfBertSteps(b *bertNormalizer, n *normalizedString) {
	if b.cleanText {
		n.filter(func(r rune) bool { return !(r == 0 || r == 0xFFFD || isBertControl(r)) })
		n.mapRunes(func(r rune) rune {
			if isWhitespace(r) {
				return ' '
			}
			return r
		})
	}
	if b.handleChineseChars {
		var dest []runeChange
		for _, r := range n.get() {
			if isChineseChar(r) {
				dest = append(dest, runeChange{' ', 0}, runeChange{r, 1}, runeChange{' ', 1})
			} else {
				dest = append(dest, runeChange{r, 0})
			}
		}
		n.transform(dest, 0)
	}
	if b.stripAccents {
		if err := newUnicodeNormalizer("NFD").normalize(n); err != nil {
			panic(err)
		}
		n.filter(func(r rune) bool { return !isNonspacingMark(r) })
	}
	if b.lowercase {
		var dest []runeChange
		for _, r := range n.get() {
			if r == 'İ' {
				dest = append(dest, runeChange{'i', 0}, runeChange{0x307, 1})
			} else {
				dest = append(dest, runeChange{unicode.ToLower(r), 0})
			}
		}
		n.transform(dest, 0)
	}
}

// FuzzBertNormalizer checks that the normalizer (one pass or steps) gives the text and alignments of
// HF's step-by-step normalization, for every combination of options.
func FuzzBertNormalizer(f *testing.F) {
	for _, s := range []string{"Hello, World!", "\u00adÉcole\t野口 ΟΔΟΣ İx\x00\ufffd\u0085", "e\u0301\u0316 a\x01\u0301", "𠀀\u3000\uF900",
		"The Quick Brown Fox\tJumps Over the LAZY dog: 中文字符 and ÀÉÎ, again THE QUICK BROWN FOX\x7f."} {
		f.Add(s, uint8(15))
	}
	f.Fuzz(func(t *testing.T, s string, flags uint8) {
		if !utf8.ValidString(s) {
			return
		}
		b := newBert(flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0)
		got, want := newNormalizedString(s), newNormalizedString(s)
		if err := b.normalize(&got); err != nil {
			t.Fatal(err)
		}
		hfBertSteps(b, &want)
		if got.get() != want.get() {
			t.Fatalf("%q: got %q, HF steps give %q", s, got.get(), want.get())
		}
		for i := range got.len() {
			if got.alignAt(i) != want.alignAt(i) {
				t.Fatalf("%q: byte %d aligned with %v, HF steps say %v", s, i, got.alignAt(i), want.alignAt(i))
			}
		}
	})
}

// TestReplaceAlignment checks the offsets of Replace, whose no-op matches are skipped: a replaced run
// of white space takes the alignment of its last character.
func TestReplaceAlignment(t *testing.T) {
	nz := mustNormalizer(t, `{"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "}`)
	n := normalizeString(t, nz, "a b\t\tc")
	if n.get() != "a b c" {
		t.Fatalf("normalized %q", n.get())
	}
	for _, c := range []struct {
		start, end int
		want       string
	}{{1, 2, " "}, {3, 4, "\t"}, {2, 5, "b\t\tc"}} {
		if got := origOf(t, n, c.start, c.end); got != c.want {
			t.Errorf("normalized [%d,%d) comes from %q, want %q", c.start, c.end, got, c.want)
		}
	}
	if n := normalizeString(t, nz, "a b c"); !n.identity {
		t.Error("a text with nothing to replace lost its identity alignment")
	}
}

// TestOldUnicodeTables checks characters whose category changed after the Unicode versions HF uses.
func TestOldUnicodeTables(t *testing.T) {
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"U+0890 (Cf in 14.0) is no control", isBertControl(0x890), false},
		{"U+00AD is a control (Cf)", isBertControl(0xAD), true},
		{"U+F0000 is a control (Co)", isBertControl(0xF0000), true},
		{"U+2E52 (Po in 14.0) is no punctuation", isBertPunctuation(0x2E52), false},
		{"U+166D (Po in 8.0, So later) is punctuation", isBertPunctuation(0x166D), true},
		{"U+1734 (Mn in 8.0, Mc later) is nonspacing", isNonspacingMark(0x1734), true},
		{"U+0898 (Mn in 14.0) is not nonspacing", isNonspacingMark(0x898), false},
		{"U+0301 is a combining mark", isCombiningMark(0x301), true},
		{"U+1ABF (Mn in 14.0) is no combining mark", isCombiningMark(0x1ABF), false},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
}
