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

// kindNonASCII is the byteKinds entry of the bytes of multi-byte characters, whose kind needs decoding.
const kindNonASCII kind = 4

// byteKinds is the kind of each ASCII character, and kindNonASCII for the other bytes, as a string so that it is
// a constant; its 256 entries let a byte index it without a bounds check.
const byteKinds = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x03\x03\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x00\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00" +
	"\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04" +
	"\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04" +
	"\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04" +
	"\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04\x04"

func kindOf(r rune) kind {
	if r < utf8.RuneSelf {
		return kind(byteKinds[r])
	}
	return kindOfNonASCII(r)
}

// isCJKAt reports whether s[i:] starts with the UTF-8 encoding of a CJK Unified Ideograph
// (U+4E00–U+9FFF: lead byte E4 with a second byte from B8, or lead bytes E5–E9), which is a letter.
func isCJKAt(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	c, c1 := s[i], s[i+1]
	return c-0xE4 <= 0xE9-0xE4 && c1&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && (c != 0xE4 || c1 >= 0xB8)
}

func kindOfNonASCII(r rune) kind {
	if k, ok := tableKind(r); ok {
		return k
	}
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return kindLetter // CJK Unified Ideographs, all letters (TestKindTables)
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
		if c := s[i]; c < utf8.RuneSelf {
			if kind(byteKinds[c]) != k {
				break
			}
			i++
			continue
		}
		if k == kindLetter && isCJKAt(s, i) {
			// Runs of Chinese text decode here without a call per character.
			i += 3
			continue
		}
		k2, n := kindAtSlow(s, i)
		if k2 != k {
			break
		}
		i += n
	}
	return i
}

// kindAt returns the kind and width of the character at s[i]; at the end of s it returns kindSpace and 0, so
// that "followed by a letter/number/other" tests fail there.
func kindAt(s string, i int) (kind, int) {
	if i < len(s) && s[i] < utf8.RuneSelf {
		return kind(byteKinds[s[i]]), 1
	}
	return kindAtSlow(s, i)
}

func kindAtSlow(s string, i int) (kind, int) {
	if i >= len(s) {
		return kindSpace, 0
	}
	if isCJKAt(s, i) {
		return kindLetter, 3
	}
	if k, ok := tableKindAt(s, i); ok {
		return k, 3
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return kindOfNonASCII(r), n
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

// numberRun returns the end of at most limit more \p{N} characters from s[i]: the tail of \p{N}{1,limit+1}.
func numberRun(s string, i, limit int) int {
	for range limit {
		k, n := kindAt(s, i)
		if k != kindNumber {
			break
		}
		i += n
	}
	return i
}
