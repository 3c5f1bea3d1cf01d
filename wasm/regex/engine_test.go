package regex

import (
	"errors"
	"strings"
	"testing"
)

// Hand-computed expectations for the Oniguruma semantics that matter most; testdata/onig_cases.jsonl.gz
// checks the same and much more against Oniguruma itself.
func TestEngineFeatures(t *testing.T) {
	cases := []struct {
		pattern, in string
		want        [][2]int
	}{
		{`a|ab`, "ab", [][2]int{{0, 1}}},                                           // leftmost-first, not longest
		{`a+?`, "aaa", [][2]int{{0, 1}, {1, 2}, {2, 3}}},                           // lazy
		{`a*+a`, "aaa", nil},                                                       // possessive never gives back
		{`(?>a|ab)c`, "abc", nil},                                                  // atomic group
		{`a{2}?`, "aaa", [][2]int{{0, 2}, {3, 3}}},                                 // a{n}? is (?:a{n})?
		{`a{,2}`, "aaa", [][2]int{{0, 2}, {2, 3}}},                                 // {,n}; empty match after a match dropped
		{`\d*`, "a1bbb2", [][2]int{{0, 0}, {1, 2}, {3, 3}, {4, 4}, {5, 6}}},        // onig find_iter
		{`x{,}`, "x{,}", [][2]int{{0, 4}}},                                         // invalid interval is literal
		{`.`, "a\nb", [][2]int{{0, 1}, {2, 3}}},                                    // . excludes \n
		{`(?m:.)`, "\n", [][2]int{{0, 1}}},                                         // Ruby's m is dot-all
		{`^\w`, "ab\ncd", [][2]int{{0, 1}, {3, 4}}},                                // ^ is a line anchor
		{`$`, "a\n", [][2]int{{1, 1}, {2, 2}}},                                     // $ before \n and at the end
		{`^`, "a\n", [][2]int{{0, 0}}},                                             // ^ not at the very end
		{`a\Z`, "aa\n", [][2]int{{1, 2}}},                                          // \Z before a final newline
		{`a\z`, "aa\n", nil},                                                       // \z only at the end
		{`\s+`, "a\v\u0085b\u00a0", [][2]int{{1, 4}, {5, 7}}},                      // \s has \v, U+0085, NBSP
		{`\d+`, "x\u06634", [][2]int{{1, 4}}},                                      // \d is Unicode Nd
		{`\w+`, "é_1\u200d½", [][2]int{{0, 4}, {7, 9}}},                            // \w: no ZWJ; ½ outside a class
		{`[\w]+`, "a½", [][2]int{{0, 1}}},                                          // ... but not inside one
		{`\p{Lu}+|\P{L}+`, "abCD12", [][2]int{{2, 4}, {4, 6}}},                     // properties and negation
		{`\p{^N}+`, "1ab2", [][2]int{{1, 3}}},                                      // \p{^..}
		{`\p{Han}+`, "x漢字y", [][2]int{{1, 7}}},                                     // scripts
		{`[a-z&&[^aeiou]]+`, "hello", [][2]int{{0, 1}, {2, 4}}},                    // intersection, nested class
		{`[^a-c]+`, "ab\nd", [][2]int{{2, 4}}},                                     // negated class matches \n
		{`[]a-]+`, "]a-", [][2]int{{0, 3}}},                                        // ] first and - last are literal
		{`(?i)[^a]`, "aAb", [][2]int{{2, 3}}},                                      // fold before negation
		{`(?i:k)`, "\u212a", [][2]int{{0, 3}}},                                     // simple case folding
		{`(?i:'s)`, "'ſ", [][2]int{{0, 3}}},                                        // ſ folds to s
		{`a(?i)b|c`, "ac aC C", [][2]int{{0, 2}, {3, 5}}},                          // (?i) swallows the later alternatives
		{`a(?=b)|a(?!b)x`, "ab ax", [][2]int{{0, 1}, {3, 5}}},                      // lookahead
		{`(?<=ab|c)d|(?<!a)e`, "abd cd ae xe", [][2]int{{2, 3}, {5, 6}, {11, 12}}}, // look-behind
		{`\bfoo\b`, "foo food foo", [][2]int{{0, 3}, {9, 12}}},
		{`(?:a?)*`, "aa", [][2]int{{0, 2}}}, // empty iteration ends the loop
		{`\Ga`, "aab", [][2]int{{0, 1}, {1, 2}}},
		{`\R`, "a\r\nb\n", [][2]int{{1, 3}, {4, 5}}},
		{`\x41\u00e9\x{263A}\t`, "Aé☺\t", [][2]int{{0, 7}}},
		{`(?x) a b # comment`, "ab", [][2]int{{0, 2}}},
		{``, "ab", [][2]int{{0, 0}, {1, 1}, {2, 2}}},
	}
	for _, c := range cases {
		got, err := engineOnly(t, c.pattern).FindAllIndex(c.in, nil)
		if err != nil {
			t.Errorf("%q on %q: %v", c.pattern, c.in, err)
			continue
		}
		if !sameMatches(got, c.want) {
			t.Errorf("%q on %q: got %v, want %v", c.pattern, c.in, got, c.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, pattern := range []string{`*a`, `a)`, `(a`, `[a`, `[b-a]`, `\p{Nope}`, `(a)\1`, `a{3,2}`,
		`a{100001}`, `(?<=a+)b`, `^*`, `(?=a)*`, `(?z:a)`, "a\xff", `[a-\d]`, `\`,
		strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200), strings.Repeat("[", 200),
		`(((a|b){0,100}){0,100}){0,100}`} {
		if _, err := Compile(pattern); !errors.Is(err, ErrSyntax) {
			t.Errorf("%q: got %v, want ErrSyntax", pattern, err)
		}
	}
}

func TestBudgetStopsCatastrophicBacktracking(t *testing.T) {
	in := strings.Repeat("a", 10000) + "b"
	for _, pattern := range []string{`(a+)+$`, `(a|a)*c`, `(?:a*)*c`} {
		_, err := MustCompile(pattern).FindAllIndex(in, nil)
		if !errors.Is(err, ErrBudget) {
			t.Errorf("%q: got %v, want ErrBudget", pattern, err)
		}
	}
	// The same Regexp still works afterwards.
	re := MustCompile(`(a+)+$`)
	re.FindAllIndex(in, nil)
	if got, err := re.FindAllIndex("aa", nil); err != nil || !sameMatches(got, [][2]int{{0, 2}}) {
		t.Errorf("after a budget error: %v %v", got, err)
	}
}
