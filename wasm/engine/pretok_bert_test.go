package engine

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// pieces pre-tokenizes text and renders each piece as "text@start-end" (byte offsets in text).
func pieces(t *testing.T, pt preTokenizer, text string) string {
	t.Helper()
	var p preTokenizedString
	p.reset(text)
	if err := pt.preTokenize(&p); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(p.splits))
	for i, s := range p.splits {
		o := s.norm.offsetsOriginal()
		out[i] = fmt.Sprintf("%s@%d-%d", s.norm.get(), o.start, o.end)
	}
	return strings.Join(out, " | ")
}

func mustPreTokenizer(t *testing.T, js string) preTokenizer {
	t.Helper()
	pt, err := loadPreTokenizer(rawJSON(js), "pre_tokenizer")
	if err != nil {
		t.Fatal(err)
	}
	return pt
}

// The expectations below are those of HF's own tests for each pre-tokenizer, plus cases worked out
// from its code where HF has no test.
func TestPreTokenizers(t *testing.T) {
	cases := []struct {
		json, text, want string
	}{
		{`{"type": "BertPreTokenizer"}`, "Hey friend!     How are you?!?",
			"Hey@0-3 | friend@4-10 | !@10-11 | How@16-19 | are@20-23 | you@24-27 | ?@27-28 | !@28-29 | ?@29-30"},
		// ASCII symbols count as punctuation; so does Unicode 8.0 punctuation, but not ⹒ (added in 14.0).
		{`{"type": "BertPreTokenizer"}`, "a$b«c»d⹒e\u3000f", "a@0-1 | $@1-2 | b@2-3 | «@3-5 | c@5-6 | »@6-8 | d⹒e@8-13 | f@16-17"},
		{`{"type": "Whitespace"}`, "Hey man!", "Hey@0-3 | man@4-7 | !@7-8"},
		{`{"type": "Whitespace"}`, "How are you doing?", "How@0-3 | are@4-7 | you@8-11 | doing@12-17 | ?@17-18"},
		{`{"type": "Whitespace"}`, "\n", ""},
		{`{"type": "Whitespace"}`, "l'été,, 12é?!", "l@0-1 | '@1-2 | été@2-7 | ,,@7-9 | 12é@10-14 | ?!@14-16"},
		{`{"type": "WhitespaceSplit"}`, "Hey, man, Good?", "Hey,@0-4 | man,@5-9 | Good?@10-15"},
		{`{"type": "Punctuation"}`, "Hey friend!     How are you?!?",
			"Hey friend@0-10 | !@10-11 |      How are you@11-27 | ?@27-28 | !@28-29 | ?@29-30"},
		{`{"type": "Punctuation", "behavior": "MergedWithPrevious"}`, "a,b.", "a,@0-2 | b.@2-4"},
		{`{"type": "CharDelimiterSplit", "delimiter": "é"}`, "aébéé", "a@0-1 | b@3-4"},
		{`{"type": "FixedLength", "length": 5}`, "Hello world", "Hello@0-5 |  worl@5-10 | d@10-11"},
		{`{"type": "FixedLength", "length": 3}`, "Hello 👋 world", "Hel@0-3 | lo @3-6 | 👋 w@6-12 | orl@12-15 | d@15-16"},
		{`{"type": "FixedLength"}`, "", ""},
		{`{"type": "UnicodeScripts"}`, "どこで生れ。Yes", "どこで生れ@0-15 | 。@15-18 | Yes@18-21"},
		{`{"type": "UnicodeScripts"}`, "Apples are りんご 林檎", "Apples are @0-11 | りんご 林檎@11-27"},
		// HF starts the first piece at the first character with a script: leading spaces and
		// characters without a script (🥰 came after Unicode 9.0) are dropped, and so is a piece made
		// only of them.
		{`{"type": "UnicodeScripts"}`, " 🥰a1", "a@5-6 | 1@6-7"},
		{`{"type": "UnicodeScripts"}`, "🥰 ", ""},
	}
	for _, c := range cases {
		if got := pieces(t, mustPreTokenizer(t, c.json), c.text); got != c.want {
			t.Errorf("%s on %q:\n got %s\nwant %s", c.json, c.text, got, c.want)
		}
	}
}

func TestPreTokenizerConfigErrors(t *testing.T) {
	for _, js := range []string{
		`{"type": "CharDelimiterSplit", "delimiter": "ab"}`,
		`{"type": "Punctuation", "behavior": "Sideways"}`,
		`{"type": "FixedLength", "length": 0}`,
	} {
		if _, err := loadPreTokenizer(rawJSON(js), "pre_tokenizer"); err == nil {
			t.Errorf("%s: no error", js)
		}
	}
}

func TestScriptOf(t *testing.T) {
	cases := map[rune]script{
		'京': scriptHan, 'い': scriptHiragana, 'グ': scriptKatakana, 'ー': scriptCommon, 'a': scriptLatin,
		'0': scriptCommon, '$': scriptCommon, ' ': scriptCommon, '\uFFFD': scriptCommon, '😀': scriptCommon, '🥰': scriptAny,
	}
	for r, want := range cases {
		if got := scriptOf(r); got != want {
			t.Errorf("scriptOf(%q) = %d, want %d", r, got, want)
		}
	}
	for r, want := range map[rune]script{'い': scriptHan, 'グ': scriptHan, 'ー': scriptHan, ' ': scriptAny} {
		if got := sentencePieceScript(r); got != want {
			t.Errorf("sentencePieceScript(%q) = %d, want %d", r, got, want)
		}
	}
}

// TestBertRuneClassShortcut checks the byte table and the script shortcuts of splitBertWords against
// the plain definitions, for every rune.
func TestBertRuneClassShortcut(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := byte(bertWord)
		switch {
		case isWhitespace(r):
			want = bertSpace
		case isBertPunctuation(r):
			want = bertPunct
		}
		var got byte
		if r < utf8.RuneSelf {
			got = bertASCIIClass[r]
		} else {
			got = bertRuneClass(r)
		}
		if got != want {
			t.Errorf("%U: class %c, want %c", r, got, want)
		}
	}
}
