package engine

import "testing"

func TestTokenTrieMayMatch(t *testing.T) {
	cases := []struct {
		tokens []string
		text   string
		want   bool
	}{
		{[]string{"<s>", "</s>", "<unk>"}, "a plain line", false},
		{[]string{"<s>", "</s>", "<unk>"}, "ends with <", true},
		{[]string{"<s>", "<s>"}, "x<y", true},
		{[]string{"<s>", "[CLS]"}, "only [", true},
		{[]string{"<s>", "[CLS]"}, "only <", true},
		{[]string{"<s>", "[CLS]", "<t>"}, "neither", false},
		{[]string{"<s>", "[CLS]", "<t>"}, "[", true},
	}
	for _, c := range cases {
		trie := newTokenTrie()
		for i, tok := range c.tokens {
			trie.add(tok, uint32(i))
		}
		if got := trie.mayMatch(c.text); got != c.want {
			t.Errorf("%q in %q: got %v, want %v", c.tokens, c.text, got, c.want)
		}
	}
}
