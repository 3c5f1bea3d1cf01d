package engine

import "unicode/utf8"

// whitespacePreTokenizer is HF's Whitespace pre-tokenizer, the regex \w+|[^\w\s]+ whose matches are
// kept: maximal runs of word characters and maximal runs of other non-space characters.
type whitespacePreTokenizer struct{}

func (whitespacePreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return splitWordRuns(n, dst), nil
	})
}

// runeClass sorts runes for splitWordRuns.
type runeClass int8

const (
	classSpace runeClass = iota
	classWord
	classOther
)

func classifyRune(r rune) runeClass {
	switch {
	case isWhitespace(r):
		return classSpace
	case isWordRune(r):
		return classWord
	}
	return classOther
}

func splitWordRuns(n *normalizedString, dst []split) []split {
	s := n.get()
	start, class := 0, classSpace
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if c := classifyRune(r); c != class {
			if class != classSpace {
				dst = appendSlice(dst, n, span{start, i})
			}
			start, class = i, c
		}
		i += size
	}
	if class != classSpace {
		dst = appendSlice(dst, n, span{start, len(s)})
	}
	return dst
}

// whitespaceSplitPreTokenizer is HF's WhitespaceSplit: split on white space, which is removed.
type whitespaceSplitPreTokenizer struct{}

func (whitespaceSplitPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(runePattern(isWhitespace), splitRemoved, &p.scratch, dst)
	})
}
