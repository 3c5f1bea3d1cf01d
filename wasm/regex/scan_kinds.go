package regex

import "unicode/utf8"

// kind sorts a character into the classes the GPT-2-family patterns test: \p{L}, \p{N}, \s and the rest
// ([^\s\p{L}\p{N}]). Oniguruma's \s, \p{L} and \p{N} are disjoint, so every character has exactly one kind.
type kind uint8

const (
	kindOther kind = iota
	kindLetter
	kindNumber
	kindSpace
)

func kindOf(r rune) kind {
	if r < utf8.RuneSelf {
		switch {
		case uint32(r|0x20)-'a' < 26:
			return kindLetter
		case uint32(r)-'0' < 10:
			return kindNumber
		case r == ' ' || uint32(r)-'\t' < 5:
			return kindSpace
		}
		return kindOther
	}
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

// runOfKind returns the end of the run of characters of kind k that starts at s[i].
func runOfKind(s string, i int, k kind) int {
	for i < len(s) {
		r, n := decode(s, i)
		if kindOf(r) != k {
			break
		}
		i += n
	}
	return i
}

// kindAt returns the kind and width of the character at s[i]; at the end of s it returns kindSpace and 0, so
// that "followed by a letter/number/other" tests fail there.
func kindAt(s string, i int) (kind, int) {
	if i >= len(s) {
		return kindSpace, 0
	}
	r, n := decode(s, i)
	return kindOf(r), n
}

// runOfCRLF returns the end of [\r\n]* at s[i].
func runOfCRLF(s string, i int) int {
	for i < len(s) && (s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

// contraction returns the end of 's|'t|'re|'ve|'m|'ll|'d at s[i], where s[i] is an apostrophe, or -1. With fold it is
// (?i:...): Oniguruma folds with Unicode simple case folding, whose only non-ASCII member among these letters
// is U+017F LATIN SMALL LETTER LONG S (folds to s).
func contraction(s string, i int, fold bool) int {
	j := i + 1
	if j >= len(s) {
		return -1
	}
	c := s[j]
	if fold {
		if c == 0xC5 && j+1 < len(s) && s[j+1] == 0xBF {
			return j + 2
		}
		c |= 0x20
	}
	switch c {
	case 's', 't', 'm', 'd':
		return j + 1
	case 'r', 'v', 'l':
		if j+1 >= len(s) {
			return -1
		}
		want, c2 := byte('e'), s[j+1]
		if c == 'l' {
			want = 'l'
		}
		if fold {
			c2 |= 0x20
		}
		if c2 == want {
			return j + 2
		}
	}
	return -1
}

// spaceTail is \s+(?!\S)|\s+ at s[i], where s[i] is a space and end is the end of the space run: the run
// minus its last character when a non-space follows (so that the last space joins the next piece), except
// when the run is that one character.
func spaceTail(s string, i, end int) int {
	if end == len(s) {
		return end
	}
	_, n := decodeLast(s, end)
	if end-n > i {
		return end - n
	}
	return end
}

// spaceRunWithNewline scans the space run at s[i] and returns its end and the end of \s*[\r\n]+ within it
// (just past its last CR or LF), or -1 when the run has none.
func spaceRunWithNewline(s string, i int) (end, newlineEnd int) {
	newlineEnd = -1
	for i < len(s) {
		c := s[i]
		if c == '\r' || c == '\n' {
			i++
			newlineEnd = i
			continue
		}
		r, n := decode(s, i)
		if !isSpace(r) {
			break
		}
		i += n
	}
	return i, newlineEnd
}
