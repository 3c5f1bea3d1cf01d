package regex

import (
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

// pieces runs re over s and returns the matched substrings.
func pieces(t *testing.T, re *Regexp, s string) []string {
	t.Helper()
	ms, err := re.FindAllIndex(s, nil)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = s[m[0]:m[1]]
	}
	return out
}

// Expectations worked out by hand from the patterns' leftmost-first semantics (and matching tiktoken's
// published splits for these inputs).
func TestScannersByHand(t *testing.T) {
	cases := []struct {
		pattern string
		in      string
		want    []string
	}{
		{patternGPT2, "Hello world", []string{"Hello", " world"}},
		{patternGPT2, "I'm don't we'LL 'sup", []string{"I", "'m", " don", "'t", " we", "'", "LL", " '", "sup"}},
		{patternGPT2, "a  b   \n", []string{"a", " ", " b", "   \n"}},
		{patternGPT2, "a  \n b", []string{"a", "  \n", " b"}},
		{patternGPT2, "x123 45!? ?!", []string{"x", "123", " 45", "!?", " ?!"}},
		{patternGPT2, "\tfoo", []string{"\t", "foo"}},
		{patternGPT2, "   ", []string{"   "}},
		{patternGPT2, "é 日本", []string{"é", " 日本"}},
		{patternLlama3, "I'M ok'Ll 12345 x", []string{"I", "'M", " ok", "'Ll", " ", "123", "45", " x"}},
		{patternLlama3, "foo(bar) ...\n\n  \nend", []string{"foo", "(bar", ")", " ...\n\n", "  \n", "end"}},
		{patternLlama3, "a  \n\n b", []string{"a", "  \n\n", " b"}},
		{patternLlama3, "x   y", []string{"x", "  ", " y"}},
		{patternLlama3, "\r\n\thello", []string{"\r\n", "\thello"}},
		{patternLlama3, "'ſ 's", []string{"'ſ", " '", "s"}},
		{patternQwen2, "v1.234", []string{"v", "1", ".", "2", "3", "4"}},
		{patternQwen2, "\n\nHi", []string{"\n\n", "Hi"}},
	}
	for _, c := range cases {
		got := pieces(t, MustCompile(c.pattern), c.in)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%.20s… on %q:\n got %q\nwant %q", c.pattern, c.in, got, c.want)
		}
	}
}

// TestKindTables checks the shortcuts of kindOf and kindAtSlow (the byte table, the CJK block, the punctuation tables) against the \p{L}, \p{N}
// and \s tests they stand for.
func TestKindTables(t *testing.T) {
	slow := func(r rune) kind {
		switch {
		case isLetter(r):
			return kindLetter
		case isNumber(r):
			return kindNumber
		case isSpace(r):
			return kindSpace
		}
		return kindOther
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := kindOf(r), slow(r); got != want {
			t.Errorf("kindOf(%U) = %d, want %d", r, got, want)
		}
		if r < 0x80 || r >= 0xD800 && r < 0xE000 {
			continue
		}
		s := string(r) + "x"
		if got, n := kindAtSlow(s, 0); got != slow(r) || n != utf8.RuneLen(r) {
			t.Errorf("kindAtSlow(%q) = %d, %d, want %d, %d", s, got, n, slow(r), utf8.RuneLen(r))
		}
	}
}
